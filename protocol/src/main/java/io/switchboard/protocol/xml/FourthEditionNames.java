package io.switchboard.protocol.xml;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Whether a name with non-ASCII characters is a Name under XML 1.0's fourth edition, whose
 * character tables (Unicode 2.0 based) the JDK's parser applies. Rather than carry those tables,
 * the JDK's parser itself is asked, once per distinct name: {@code <name/>} as a document. Names
 * outside ASCII are rare on XMPP streams (every XEP's names are ASCII), so the few answers are kept
 * in a small bounded cache; a peer sending ever-new such names costs a parse each, no more.
 */
final class FourthEditionNames {
  private static final int CACHE_SIZE = 1024;
  private static final SAXParserFactory FACTORY = SAXParserFactory.newInstance();
  private static final ThreadLocal<SAXParser> PARSER = ThreadLocal.withInitial(FourthEditionNames::newParser);
  private static final Map<String, Boolean> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  static {
    FACTORY.setNamespaceAware(false);
    FACTORY.setValidating(false);
  }

  private FourthEditionNames() {}

  static boolean accepts(String name) {
    synchronized (CACHE) {
      Boolean known = CACHE.get(name);
      if (known != null) {
        return known;
      }
    }
    boolean accepted = parses("<" + name + "/>");
    synchronized (CACHE) {
      CACHE.put(name, accepted);
    }
    return accepted;
  }

  private static boolean parses(String document) {
    SAXParser parser = PARSER.get();
    try {
      parser.reset();
      parser.parse(new InputSource(new StringReader(document)), new DefaultHandler());
      return true;
    } catch (SAXException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("reading a string failed", e);
    }
  }

  private static SAXParser newParser() {
    try {
      SAXParser p = FACTORY.newSAXParser();
      p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      return p;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's SAX parser is not available", e);
    }
  }
}
