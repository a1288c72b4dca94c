package io.switchboard.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Fuzz targets over the wire format (issue #23): whatever bytes a peer sends and whatever tree the
 * server builds, decode → write → decode gives the same tree or a stream error, never another
 * exception, and what the writer emits is well-formed XML even to a parser that does no namespace
 * processing.
 *
 * <p>{@code mvn -B verify} replays the committed corpus under
 * {@code src/test/resources/io/switchboard/protocol/fuzz/WireFormatFuzzTestInputs/} (every input
 * that once found a defect, and seeds) and then fuzzes each target for a bounded time (the
 * {@code fuzz} executions in this module's pom). {@code protocol/fuzz.sh} fuzzes longer.
 */
class WireFormatFuzzTest {
  private static final String CLIENT_HEADER =
      "<stream:stream to='example.com' version='1.0' xmlns='jabber:client' xmlns:stream='"
          + Namespaces.STREAMS + "'>";
  /**
   * What the namespace-aware check wraps a written element in: the namespaces a client stream's
   * header declares (the content namespace and the {@code stream:} prefix, which the writer uses
   * for elements in the streams namespace, RFC 6120 §4.8.5).
   */
  private static final String WRAPPER_OPEN =
      "<w xmlns='jabber:client' xmlns:stream='" + Namespaces.STREAMS + "'>";
  private static final DecoderLimits LIMITS = DecoderLimits.DEFAULT.withMaxStanzaBytes(16_384).withMaxDepth(8);
  private static final SAXParserFactory NO_NAMESPACES = SAXParserFactory.newInstance();
  private static final SAXParserFactory WITH_NAMESPACES = SAXParserFactory.newInstance();

  static {
    NO_NAMESPACES.setNamespaceAware(false);
    WITH_NAMESPACES.setNamespaceAware(true);
  }

  /** Bytes from a peer, split at fuzzer-chosen points, after a valid stream header. */
  @FuzzTest(maxDuration = "20s")
  void decode_anyBytes_elementsRoundTripOrStreamError(FuzzedDataProvider data) throws Exception {
    int chunk = data.consumeInt(1, 64);
    byte[] body = data.consumeRemainingAsBytes();
    StreamDecoder decoder = new StreamDecoder(LIMITS);
    List<XmlElement> elements = new ArrayList<>();
    byte[] header = CLIENT_HEADER.getBytes(StandardCharsets.UTF_8);
    try {
      decoder.feed(header, 0, header.length, ev -> { });
      for (int at = 0; at < body.length; at += chunk) {
        int left = decoder.feed(body, at, Math.min(chunk, body.length - at), ev -> {
          if (ev instanceof StreamEvent.ElementReceived e) {
            elements.add(e.element());
          }
        });
        if (left > 0) {
          break; // the stream was closed
        }
      }
    } catch (StreamErrorException expected) {
      // a stream error is an allowed outcome; the elements before it are still checked
    }
    for (XmlElement e : elements) {
      assertRoundTrips(e);
    }
  }

  /** A tree built from arbitrary names, namespaces, attribute keys and text. */
  @FuzzTest(maxDuration = "20s")
  void write_anyTreeTheModelAccepts_wellFormedAndRoundTrips(FuzzedDataProvider data) throws Exception {
    XmlElement tree;
    try {
      tree = element(data, 0);
    } catch (IllegalArgumentException refused) {
      return; // the model refused a name: nothing can be written
    }
    assertRoundTrips(tree);
  }

  private static XmlElement element(FuzzedDataProvider data, int depth) {
    String name = data.consumeString(12);
    String namespace = data.consumeBoolean() ? "jabber:client" : data.consumeString(24);
    Map<String, String> attributes = new LinkedHashMap<>();
    int attributeCount = data.consumeInt(0, 4);
    for (int i = 0; i < attributeCount; i++) {
      String key = switch (data.consumeInt(0, 2)) {
        case 0 -> data.consumeString(10);
        case 1 -> "xml:" + data.consumeString(6);
        default -> "{" + data.consumeString(16) + "}" + data.consumeString(8);
      };
      attributes.put(key, data.consumeString(32));
    }
    List<XmlNode> children = new ArrayList<>();
    int childCount = depth >= 4 ? 0 : data.consumeInt(0, 3);
    for (int i = 0; i < childCount; i++) {
      children.add(data.consumeBoolean() ? new XmlText(data.consumeString(32)) : element(data, depth + 1));
    }
    return new XmlElement(name, namespace, attributes, children);
  }

  /**
   * Writes {@code e} as a first-level element of a client stream, checks the text with and
   * without namespace processing, decodes it again and compares with what the writer is meant to
   * keep.
   */
  private static void assertRoundTrips(XmlElement e) throws Exception {
    String written = StreamHeader.writeTopLevel(e, "jabber:client");
    NO_NAMESPACES.newSAXParser().parse(new InputSource(new StringReader(written)), new DefaultHandler());
    WITH_NAMESPACES.newSAXParser().parse(
        new InputSource(new StringReader(WRAPPER_OPEN + written + "</w>")), new DefaultHandler());
    StreamDecoder again = new StreamDecoder(DecoderLimits.DEFAULT.withMaxStanzaBytes(1 << 20));
    byte[] wire = (CLIENT_HEADER + written).getBytes(StandardCharsets.UTF_8);
    List<XmlElement> decoded = new ArrayList<>();
    again.feed(wire, 0, wire.length, ev -> {
      if (ev instanceof StreamEvent.ElementReceived r) {
        decoded.add(r.element());
      }
    });
    assertThat(decoded).containsExactly(Normalized.of(e));
  }
}
