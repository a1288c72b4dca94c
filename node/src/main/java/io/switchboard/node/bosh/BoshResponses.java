package io.switchboard.node.bosh;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.StandaloneXml;
import io.switchboard.protocol.xml.XmlWriter;
import java.util.List;
import java.util.Map;

/** The {@code <body/>} wrappers the server answers with (XEP-0124 §7, §13, §17; XEP-0206 §3). */
final class BoshResponses {
  private BoshResponses() {}

  /** The version of XEP-0124 this server speaks. */
  static final String VERSION = "1.11";

  /** A response carrying {@code payload} (already written XML), with the attributes given. */
  static String body(Map<String, String> attributes, List<String> payload) {
    StringBuilder sb = new StringBuilder(128 + payload.stream().mapToInt(String::length).sum());
    sb.append("<body xmlns=\"").append(Namespaces.HTTPBIND).append('"');
    if (attributes.keySet().stream().anyMatch(k -> k.startsWith("xmpp:"))) {
      sb.append(" xmlns:xmpp=\"").append(Namespaces.XBOSH).append('"');
      sb.append(" xmlns:stream=\"").append(Namespaces.STREAMS).append('"');
    }
    attributes.forEach((k, v) -> {
      sb.append(' ').append(k).append("=\"");
      XmlWriter.escapeAttribute(v, sb);
      sb.append('"');
    });
    if (payload.isEmpty()) {
      return sb.append("/>").toString();
    }
    sb.append('>');
    payload.forEach(sb::append);
    return sb.append("</body>").toString();
  }

  /** An empty response (a held request whose wait ran out, or one answered to make room). */
  static String empty(Map<String, String> attributes) {
    return body(attributes, List.of());
  }

  /** XEP-0124 §17.2: the session ends with a terminal binding condition. */
  static String terminate(String condition) {
    return body(condition == null ? Map.of("type", "terminate") : Map.of("type", "terminate", "condition", condition),
        List.of());
  }

  /**
   * The session ends because its stream ended: without an error a plain terminate; system-shutdown
   * as its own binding condition; any other stream error as {@code remote-stream-error} with the
   * {@code <stream:error/>} inside (XEP-0206 §7).
   */
  static String terminate(StreamError error) {
    if (error == null) {
      return terminate((String) null);
    }
    if (error.condition() == StreamErrorCondition.SYSTEM_SHUTDOWN) {
      return terminate("system-shutdown");
    }
    return body(Map.of("type", "terminate", "condition", "remote-stream-error"),
        List.of(StandaloneXml.write(error.toElement())));
  }
}
