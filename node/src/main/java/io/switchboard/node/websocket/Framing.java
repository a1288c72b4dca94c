package io.switchboard.node.websocket;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.StandaloneXml;
import io.switchboard.protocol.xml.XmlElement;
import java.net.URI;
import java.util.Optional;

/** RFC 7395 §3.3.2: the {@code <open/>} and {@code <close/>} framing elements the server writes. */
final class Framing {
  private Framing() {}

  /** The server's answer to the client's {@code <open/>} (RFC 7395 §3.4). */
  static String open(StreamHeader header) {
    XmlElement.Builder b = XmlElement.builder("open", Namespaces.FRAMING);
    attr(b, "from", header.from());
    attr(b, "to", header.to());
    attr(b, "id", header.id());
    attr(b, "version", header.version());
    attr(b, "xml:lang", header.lang());
    return StandaloneXml.write(b.build());
  }

  /**
   * {@code <close/>}, with {@code see-other-uri} where the client should reconnect instead
   * (RFC 7395 §3.6.1: it replaces the see-other-host stream error on WebSocket).
   */
  static String close(Optional<URI> seeOtherUri) {
    XmlElement.Builder b = XmlElement.builder("close", Namespaces.FRAMING);
    seeOtherUri.ifPresent(u -> b.attr("see-other-uri", u.toString()));
    return StandaloneXml.write(b.build());
  }

  private static void attr(XmlElement.Builder b, String name, String value) {
    if (value != null) {
      b.attr(name, value);
    }
  }
}
