package io.switchboard.protocol.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serialises the element model to XML text. Namespaces are declared with a default {@code xmlns}
 * wherever an element's namespace differs from its parent's; an attribute key in Clark notation
 * ({@code {uri}local}) gets a generated prefix declared on its element. Character data and
 * attribute values are escaped; characters that XML 1.0 forbids are dropped rather than emitted.
 * Names need no escaping: {@link XmlElement} only holds names that {@link XmlNames} accepts.
 */
public final class XmlWriter {
  private XmlWriter() {}

  public static String write(XmlElement element) {
    StringBuilder sb = new StringBuilder(128);
    write(element, null, sb);
    return sb.toString();
  }

  /**
   * Writes {@code element} as if it sat inside a parent whose default namespace is
   * {@code parentNamespace}; a stanza on a client stream is written with "jabber:client" so that
   * it carries no redundant xmlns.
   */
  public static String write(XmlElement element, String parentNamespace) {
    StringBuilder sb = new StringBuilder(128);
    write(element, parentNamespace, sb);
    return sb.toString();
  }

  public static void write(XmlElement element, String parentNamespace, StringBuilder sb) {
    sb.append('<').append(element.name());
    if (!element.namespace().equals(parentNamespace)) {
      sb.append(" xmlns=\"");
      escapeAttribute(element.namespace(), sb);
      sb.append('"');
    }
    writeAttributes(element, sb);
    if (element.children().isEmpty()) {
      sb.append("/>");
      return;
    }
    sb.append('>');
    for (XmlNode child : element.children()) {
      if (child instanceof XmlElement e) {
        write(e, element.namespace(), sb);
      } else if (child instanceof XmlText t) {
        escapeText(t.text(), sb);
      }
    }
    sb.append("</").append(element.name()).append('>');
  }

  /**
   * Writes the element's attributes, each as {@code  name="value"}. A key in Clark notation
   * ({@code {uri}local}) gets a generated prefix declared on the element; its URI ends at the
   * key's last {@code }}, as a URI may contain one and a local name may not ({@link XmlNames}).
   */
  public static void writeAttributes(XmlElement element, StringBuilder sb) {
    List<String> attributeNamespaces = null;
    for (Map.Entry<String, String> a : element.attributes().entrySet()) {
      String key = a.getKey();
      int close = XmlNames.clarkSeparator(key);
      if (close > 0) {
        String uri = key.substring(1, close);
        if (attributeNamespaces == null) {
          attributeNamespaces = new ArrayList<>(2);
        }
        int index = attributeNamespaces.indexOf(uri);
        if (index < 0) {
          index = attributeNamespaces.size();
          attributeNamespaces.add(uri);
          sb.append(" xmlns:ns").append(index).append("=\"");
          escapeAttribute(uri, sb);
          sb.append('"');
        }
        sb.append(" ns").append(index).append(':').append(key, close + 1, key.length()).append("=\"");
      } else {
        sb.append(' ').append(key).append("=\"");
      }
      escapeAttribute(a.getValue(), sb);
      sb.append('"');
    }
  }

  public static void escapeText(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\r' -> sb.append("&#13;"); // a raw CR would be read back as LF (XML 1.0 §2.11)
        default -> i = appendIfLegal(s, i, sb);
      }
    }
  }

  public static void escapeAttribute(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\n' -> sb.append("&#10;");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append("&#9;");
        default -> i = appendIfLegal(s, i, sb);
      }
    }
  }

  /** Appends the character at {@code i} (a whole surrogate pair) if XML 1.0 allows it; returns the last index used. */
  private static int appendIfLegal(String s, int i, StringBuilder sb) {
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(i + 1));
        return i + 1;
      }
      return i; // unpaired: drop
    }
    if (Character.isLowSurrogate(c)) {
      return i; // unpaired: drop
    }
    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\n' || c == '\r' || c == '\t') {
      sb.append(c);
    }
    return i;
  }
}
