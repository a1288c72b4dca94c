package io.switchboard.protocol.xml;

import io.switchboard.protocol.Namespaces;

/**
 * Writes a first-level element as a standalone XML fragment that declares every namespace it
 * uses, for transports without a stream root to inherit declarations from: RFC 7395 §3.3.3 (each
 * WebSocket message is a complete document) and XEP-0206 (payloads inside a BOSH {@code <body/>}
 * whose default namespace is httpbind). Elements in the streams namespace ({@code features},
 * {@code error}) keep the {@code stream:} prefix, declared on themselves, as both specifications
 * show them.
 */
public final class StandaloneXml {
  private StandaloneXml() {}

  public static String write(XmlElement element) {
    StringBuilder sb = new StringBuilder(256);
    write(element, sb);
    return sb.toString();
  }

  public static void write(XmlElement element, StringBuilder sb) {
    if (!Namespaces.STREAMS.equals(element.namespace())) {
      XmlWriter.write(element, null, sb);
      return;
    }
    sb.append("<stream:").append(element.name()).append(" xmlns:stream=\"").append(Namespaces.STREAMS).append('"');
    XmlWriter.writeAttributes(element, sb);
    if (element.children().isEmpty()) {
      sb.append("/>");
      return;
    }
    sb.append('>');
    for (XmlNode child : element.children()) {
      if (child instanceof XmlElement e) {
        XmlWriter.write(e, null, sb);
      } else if (child instanceof XmlText t) {
        XmlWriter.escapeText(t.text(), sb);
      }
    }
    sb.append("</stream:").append(element.name()).append('>');
  }
}
