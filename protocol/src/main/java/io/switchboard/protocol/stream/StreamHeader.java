package io.switchboard.protocol.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import io.switchboard.protocol.xml.XmlWriter;
import java.util.Map;
import java.util.Objects;

/**
 * The server's response stream header (RFC 6120 §4.7) and the writing of first-level elements on
 * a stream whose {@code stream:} prefix and content namespace are declared by that header.
 *
 * @param contentNamespace the default namespace, e.g. jabber:client
 * @param from the server's domain, or null
 * @param to the peer's JID, or null
 * @param id the stream id, or null
 * @param lang the default language, or null
 * @param version the protocol version, normally "1.0", or null
 * @param extraNamespaces further prefix to URI declarations (e.g. "db" for dialback)
 */
public record StreamHeader(
    String contentNamespace, String from, String to, String id, String lang, String version,
    Map<String, String> extraNamespaces) {

  /** The closing tag of a stream opened with this header. */
  public static final String CLOSE = "</stream:stream>";

  public StreamHeader {
    Objects.requireNonNull(contentNamespace, "contentNamespace");
    extraNamespaces = Map.copyOf(extraNamespaces);
  }

  /** A jabber:client or jabber:server header with version 1.0 and no extra namespaces. */
  public static StreamHeader of(String contentNamespace, String from, String to, String id, String lang) {
    return new StreamHeader(contentNamespace, from, to, id, lang, "1.0", Map.of());
  }

  /** {@code <?xml version='1.0'?><stream:stream ...>} as sent by the server. */
  public String toXml() {
    StringBuilder sb = new StringBuilder(256).append("<?xml version='1.0'?><stream:stream");
    attribute(sb, "from", from);
    attribute(sb, "to", to);
    attribute(sb, "id", id);
    attribute(sb, "version", version);
    attribute(sb, "xml:lang", lang);
    attribute(sb, "xmlns", contentNamespace);
    attribute(sb, "xmlns:stream", Namespaces.STREAMS);
    extraNamespaces.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> attribute(sb, "xmlns:" + e.getKey(), e.getValue()));
    return sb.append('>').toString();
  }

  /** A first-level element for this stream; see {@link #writeTopLevel(XmlElement, String)}. */
  public String write(XmlElement element) {
    return writeTopLevel(element, contentNamespace);
  }

  /**
   * Writes a first-level element on a stream opened by such a header: elements in the streams
   * namespace ({@code features}, {@code error}) use the {@code stream:} prefix, as RFC 6120 §4.8.5
   * recommends and older clients require; anything else is written with {@code contentNamespace}
   * as the in-scope default, so stanzas carry no redundant xmlns.
   */
  public static String writeTopLevel(XmlElement element, String contentNamespace) {
    if (!Namespaces.STREAMS.equals(element.namespace())) {
      return XmlWriter.write(element, contentNamespace);
    }
    return writePrefixed(element, "stream", contentNamespace);
  }

  /**
   * Writes a first-level element whose namespace the stream header bound to {@code prefix}, as
   * {@code <prefix:name>} without redeclaring it: the streams namespace ({@code stream:}), and on
   * server streams the dialback namespace ({@code db:}, XEP-0220), which ejabberd only recognises
   * under that prefix. Children are written with {@code contentNamespace} as the in-scope default.
   */
  public static String writePrefixed(XmlElement element, String prefix, String contentNamespace) {
    StringBuilder sb = new StringBuilder(256).append('<').append(prefix).append(':').append(element.name());
    XmlWriter.writeAttributes(element, sb);
    if (element.children().isEmpty()) {
      return sb.append("/>").toString();
    }
    sb.append('>');
    for (XmlNode child : element.children()) {
      if (child instanceof XmlElement e) {
        XmlWriter.write(e, contentNamespace, sb);
      } else if (child instanceof XmlText t) {
        XmlWriter.escapeText(t.text(), sb);
      }
    }
    return sb.append("</").append(prefix).append(':').append(element.name()).append('>').toString();
  }

  private static void attribute(StringBuilder sb, String key, String value) {
    if (value != null) {
      sb.append(' ').append(key).append("='");
      XmlWriter.escapeAttribute(value, sb);
      sb.append('\'');
    }
  }
}
