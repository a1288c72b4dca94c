package io.switchboard.node.testing;

import java.io.IOException;
import java.io.Reader;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.xml.XmlPullParserFactory;

/**
 * Smack's XML parsers for the test clients, reporting a default namespace declaration's prefix
 * as null (the XmlPullParser contract) instead of "".
 *
 * <p>Why: the test JVM has Aalto on the class path (the server's parser), so Smack's StAX adapter
 * gets Aalto's {@code XMLStreamReader}, which answers "" for {@code xmlns='...'}. Smack's
 * {@code StandardExtensionElementProvider} (used for every element it has no provider for, such
 * as XEP-0060's {@code <closed-node xmlns='http://jabber.org/protocol/pubsub#errors'/>}) asserts
 * the prefix is null or non-empty; with {@code -ea} (surefire and failsafe enable assertions) the
 * AssertionError kills the connection's reader thread, so the client never sees the answer and
 * times out. Without {@code -ea} it would produce a bogus {@code xmlns:=} attribute instead.
 */
public final class DefaultPrefixAsNull implements XmlPullParserFactory {
  private final XmlPullParserFactory delegate;

  private DefaultPrefixAsNull(XmlPullParserFactory delegate) {
    this.delegate = delegate;
  }

  /** Makes every Smack connection created from now on in this JVM use the wrapped parsers. */
  public static synchronized void install() {
    XmlPullParserFactory current = SmackXmlParser.getXmlPullParserFactory();
    if (!(current instanceof DefaultPrefixAsNull)) {
      SmackXmlParser.setXmlPullParserFactory(new DefaultPrefixAsNull(current));
    }
  }

  @Override
  public XmlPullParser newXmlPullParser(Reader reader) throws XmlPullParserException {
    return new Parser(delegate.newXmlPullParser(reader));
  }

  /** Delegates everything; only {@link #getNamespacePrefix} maps "" to null. */
  private record Parser(XmlPullParser p) implements XmlPullParser {
    @Override
    public String getNamespacePrefix(int pos) throws XmlPullParserException {
      String prefix = p.getNamespacePrefix(pos);
      return prefix == null || prefix.isEmpty() ? null : prefix;
    }

    @Override
    public Object getProperty(String name) {
      return p.getProperty(name);
    }

    @Override
    public String getInputEncoding() {
      return p.getInputEncoding();
    }

    @Override
    public int getNamespaceCount() throws XmlPullParserException {
      return p.getNamespaceCount();
    }

    @Override
    public String getNamespaceUri(int pos) throws XmlPullParserException {
      return p.getNamespaceUri(pos);
    }

    @Override
    public String getNamespace(String prefix) {
      return p.getNamespace(prefix);
    }

    @Override
    public String getDefaultNamespace() {
      return p.getDefaultNamespace();
    }

    @Override
    public int getDepth() {
      return p.getDepth();
    }

    @Override
    public String getPositionDescription() {
      return p.getPositionDescription();
    }

    @Override
    public int getLineNumber() {
      return p.getLineNumber();
    }

    @Override
    public int getColumnNumber() {
      return p.getColumnNumber();
    }

    @Override
    public boolean isWhiteSpace() throws XmlPullParserException {
      return p.isWhiteSpace();
    }

    @Override
    public String getText() {
      return p.getText();
    }

    @Override
    public String getNamespace() {
      return p.getNamespace();
    }

    @Override
    public String getName() {
      return p.getName();
    }

    @Override
    public QName getQName() {
      return p.getQName();
    }

    @Override
    public String getPrefix() {
      return p.getPrefix();
    }

    @Override
    public int getAttributeCount() {
      return p.getAttributeCount();
    }

    @Override
    public String getAttributeNamespace(int index) {
      return p.getAttributeNamespace(index);
    }

    @Override
    public String getAttributeName(int index) {
      return p.getAttributeName(index);
    }

    @Override
    public QName getAttributeQName(int index) {
      return p.getAttributeQName(index);
    }

    @Override
    public String getAttributePrefix(int index) {
      return p.getAttributePrefix(index);
    }

    @Override
    public String getAttributeType(int index) {
      return p.getAttributeType(index);
    }

    @Override
    public String getAttributeValue(int index) {
      return p.getAttributeValue(index);
    }

    @Override
    public String getAttributeValue(String namespace, String name) {
      return p.getAttributeValue(namespace, name);
    }

    @Override
    public String getAttributeValue(String name) {
      return p.getAttributeValue(name);
    }

    @Override
    public Event getEventType() throws XmlPullParserException {
      return p.getEventType();
    }

    @Override
    public Event next() throws IOException, XmlPullParserException {
      return p.next();
    }

    @Override
    public String nextText() throws IOException, XmlPullParserException {
      return p.nextText();
    }

    @Override
    public TagEvent nextTag() throws IOException, XmlPullParserException {
      return p.nextTag();
    }

    @Override
    public boolean supportsRoundtrip() {
      return p.supportsRoundtrip();
    }
  }
}
