package io.switchboard.protocol.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses one standalone XML element with the same restricted-XML rules and limits as a stream
 * ({@link StreamDecoder}): an RFC 7395 WebSocket message, or an XEP-0124 BOSH {@code <body/>}.
 * The fragment is fed between a synthetic stream header (default namespace jabber:client) and its
 * closing tag, so an element left open, or two elements, are refused rather than carried over to
 * the next message. Nothing is kept between calls: an idle connection holds no parser.
 */
public final class FragmentParser {
  private static final byte[] OPEN = ("<stream:stream xmlns='" + Namespaces.JABBER_CLIENT
      + "' xmlns:stream='" + Namespaces.STREAMS + "'>").getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = StreamHeader.CLOSE.getBytes(StandardCharsets.UTF_8);

  private FragmentParser() {}

  /** What one fragment held. */
  public sealed interface Result permits Parsed, Refused {}

  /** Exactly one well-formed element. */
  public record Parsed(XmlElement element) implements Result {}

  /** The fragment is refused with this stream error. */
  public record Refused(StreamError error) implements Result {}

  /**
   * Parses {@code fragment} (UTF-8; an XML declaration at its start is allowed and skipped).
   * {@code limits.maxStanzaBytes()} bounds the whole fragment.
   */
  public static Result parse(byte[] fragment, DecoderLimits limits) {
    if (fragment.length > limits.maxStanzaBytes()) {
      return refused(StreamErrorCondition.POLICY_VIOLATION, "larger than " + limits.maxStanzaBytes() + " bytes");
    }
    int start;
    try {
      start = afterDeclaration(fragment);
    } catch (StreamErrorException e) {
      return new Refused(e.error());
    }
    int first = start;
    while (first < fragment.length && isSpace(fragment[first])) {
      first++;
    }
    if (first + 1 < fragment.length && fragment[first] == '<' && fragment[first + 1] == '!') {
      // A DOCTYPE or comment before the element: legal in a standalone document, not in XMPP
      // (RFC 6120 §11.1).
      return refused(StreamErrorCondition.RESTRICTED_XML, "DTDs and comments are not allowed");
    }
    StreamDecoder decoder = new StreamDecoder(limits, java.util.Set.of(Namespaces.JABBER_CLIENT));
    XmlElement[] found = new XmlElement[1];
    int[] count = new int[1];
    boolean[] closed = new boolean[1];
    try {
      decoder.feed(OPEN, 0, OPEN.length, ev -> { });
      java.util.function.Consumer<StreamEvent> sink = ev -> {
        if (ev instanceof StreamEvent.ElementReceived e) {
          found[0] = e.element();
          count[0]++;
        } else if (ev == StreamEvent.StreamClosed.INSTANCE) {
          closed[0] = true;
        }
      };
      decoder.feed(fragment, start, fragment.length - start, sink);
      if (!closed[0]) {
        decoder.feed(CLOSE, 0, CLOSE.length, sink);
      }
    } catch (StreamErrorException e) {
      return new Refused(e.error());
    }
    if (count[0] == 0) {
      return refused(StreamErrorCondition.NOT_WELL_FORMED, "no element in the message");
    }
    if (count[0] > 1 || !closed[0]) {
      return refused(StreamErrorCondition.NOT_WELL_FORMED, "exactly one complete element per message");
    }
    return new Parsed(found[0]);
  }

  /** Where the fragment's content starts after an optional {@code <?xml ...?>} declaration. */
  private static int afterDeclaration(byte[] b) throws StreamErrorException {
    int i = 0;
    while (i < b.length && isSpace(b[i])) {
      i++;
    }
    if (i + 5 > b.length || b[i] != '<' || b[i + 1] != '?' || b[i + 2] != 'x' || b[i + 3] != 'm' || b[i + 4] != 'l') {
      return 0;
    }
    for (int j = i + 5; j + 1 < b.length; j++) {
      if (b[j] == '?' && b[j + 1] == '>') {
        String declaration = new String(b, i, j + 2 - i, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        int enc = declaration.indexOf("encoding");
        if (enc >= 0 && !declaration.substring(enc).matches("encoding\\s*=\\s*['\"]utf-8['\"][\\s\\S]*")) {
          throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
        }
        return j + 2;
      }
    }
    throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "unterminated XML declaration");
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static Refused refused(StreamErrorCondition condition, String text) {
    return new Refused(StreamError.of(condition, text));
  }
}
