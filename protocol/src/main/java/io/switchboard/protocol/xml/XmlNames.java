package io.switchboard.protocol.xml;

import io.switchboard.protocol.Namespaces;

/**
 * The names the element model accepts, so that {@link XmlWriter} can only ever write a
 * well-formed name (Namespaces in XML 1.0 §3, XML 1.0 fifth edition §2.3).
 *
 * <p>An element name is an NCName. An attribute key is one of:
 * <ul>
 *   <li>an NCName other than {@code xmlns} (an attribute in no namespace);
 *   <li>{@code xml:} followed by an NCName (the XML namespace, {@code xml:lang});
 *   <li>Clark notation {@code {uri}local}: a non-empty namespace URI, which may itself contain
 *       {@code }} since a URI is any string, then an NCName. The local part follows the
 *       <em>last</em> {@code }} because an NCName cannot contain one.
 * </ul>
 * The reserved namespaces (xml, xmlns) may not be bound to another prefix or used as the default
 * namespace, so they are refused as element namespaces and in Clark keys, as is a URI with a
 * character XML 1.0 cannot carry.
 */
public final class XmlNames {
  private XmlNames() {}

  /**
   * Whether {@code s} is an NCName (a Name without a colon) under both the fifth edition of XML
   * 1.0 and the fourth. The fifth edition allows far more non-ASCII characters in names than the
   * fourth, and parsers still differ (the JDK's own parser, which Java clients use through StAX,
   * applies the fourth edition's tables): a name only one of them accepts, relayed to a client
   * whose parser applies the other, would end that client's stream. ASCII names are checked
   * here; a name with a non-ASCII character is checked against the fifth edition here and against
   * the fourth by {@link FourthEditionNames}.
   */
  public static boolean isNcName(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    int i = 0;
    boolean first = true;
    boolean ascii = true;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (first ? !isNameStart(cp) : !isNameChar(cp)) {
        return false;
      }
      ascii &= cp < 0x80;
      first = false;
      i += Character.charCount(cp);
    }
    return ascii || FourthEditionNames.accepts(s);
  }

  /**
   * Whether {@code uri} may be an element's namespace (the default namespace where it is
   * written) or an attribute's: not a reserved one, and only characters XML 1.0 can carry (the
   * writer could otherwise only drop them and declare a different namespace).
   */
  public static boolean isElementNamespace(String uri) {
    return !Namespaces.XML.equals(uri) && !XMLNS_NAMESPACE.equals(uri) && isLegalText(uri);
  }

  /** Whether every character of {@code s} is an XML 1.0 Char (surrogates only as pairs). */
  public static boolean isLegalText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)
          || !(c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\n' || c == '\r' || c == '\t')) {
        return false;
      }
    }
    return true;
  }

  /** The position of the {@code }} that ends a Clark key's URI, or -1 if {@code key} is not one. */
  public static int clarkSeparator(String key) {
    return key.length() > 2 && key.charAt(0) == '{' ? key.lastIndexOf('}') : -1;
  }

  /** Whether {@code key} is an attribute key of the element model (see the class comment). */
  public static boolean isAttributeKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int close = clarkSeparator(key);
    if (close > 0) {
      String uri = key.substring(1, close);
      return !uri.isEmpty() && isElementNamespace(uri) && isNcName(key.substring(close + 1));
    }
    if (key.startsWith("xml:")) {
      return isNcName(key.substring(4));
    }
    return !"xmlns".equals(key) && isNcName(key);
  }

  static final String XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

  private static boolean isNameStart(int c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }
    return c >= 0xC0 && c <= 0xD6 || c >= 0xD8 && c <= 0xF6 || c >= 0xF8 && c <= 0x2FF
        || c >= 0x370 && c <= 0x37D || c >= 0x37F && c <= 0x1FFF || c == 0x200C || c == 0x200D
        || c >= 0x2070 && c <= 0x218F || c >= 0x2C00 && c <= 0x2FEF || c >= 0x3001 && c <= 0xD7FF
        || c >= 0xF900 && c <= 0xFDCF || c >= 0xFDF0 && c <= 0xFFFD || c >= 0x10000 && c <= 0xEFFFF;
  }

  private static boolean isNameChar(int c) {
    if (c < 0x80) {
      return isNameStart(c) || c == '-' || c == '.' || c >= '0' && c <= '9';
    }
    return isNameStart(c) || c == 0xB7 || c >= 0x300 && c <= 0x36F || c == 0x203F || c == 0x2040;
  }
}
