package io.switchboard.protocol.xml;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Parses one serialised stanza back into the element model (for stored stanzas), with the same
 * restricted-XML rules as a stream: it is wrapped in a jabber:client stream header and fed to the
 * {@link StreamDecoder}.
 */
public final class XmlParser {
  private static final byte[] OPEN =
      ("<stream:stream xmlns='" + Namespaces.JABBER_CLIENT + "' xmlns:stream='" + Namespaces.STREAMS + "'>")
          .getBytes(StandardCharsets.UTF_8);

  private XmlParser() {}

  /** The element, or empty when the text is not one well-formed element. */
  public static Optional<XmlElement> parse(String xml) {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    StreamDecoder decoder = new StreamDecoder(
        DecoderLimits.DEFAULT.withMaxStanzaBytes(Math.max(DecoderLimits.DEFAULT.maxStanzaBytes(), body.length + 1024)),
        StreamDecoder.ALL_CONTENT_NAMESPACES);
    XmlElement[] found = new XmlElement[1];
    int[] count = new int[1];
    try {
      decoder.feed(OPEN, 0, OPEN.length, ev -> { });
      decoder.feed(body, 0, body.length, ev -> {
        if (ev instanceof StreamEvent.ElementReceived e) {
          found[0] = e.element();
          count[0]++;
        }
      });
    } catch (StreamErrorException e) {
      return Optional.empty();
    }
    return count[0] == 1 ? Optional.of(found[0]) : Optional.empty();
  }
}
