package io.switchboard.protocol.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StreamDecoder#hasPartialElement()}: whether a first-level element has begun and not
 * ended (the connection's stanza deadline runs on it), across arbitrary chunk boundaries, with
 * whitespace keepalives between elements never counting as a partial element.
 */
class PartialElementTest {
  private static final String HEADER = "<?xml version='1.0'?><stream:stream to='example.com' version='1.0' "
      + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
  private static final String MESSAGE = "<message to='a@example.com'><body>hi there</body></message>";

  @Test
  void feed_headerOnly_noPartialElement() throws Exception {
    StreamDecoder d = decoder();
    assertThat(d.hasPartialElement()).isFalse();
    assertThat(d.completedElements()).isEqualTo(1);
  }

  @Test
  void feed_whitespaceKeepalives_neverAPartialElement() throws Exception {
    StreamDecoder d = decoder();
    for (int i = 0; i < 5; i++) {
      d.feed(" ".getBytes(UTF_8));
      d.feed("\n\t\r".getBytes(UTF_8));
      assertThat(d.hasPartialElement()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64})
  void feed_elementInChunks_partialUntilItsLastByte(int chunk) throws Exception {
    StreamDecoder d = decoder();
    byte[] bytes = ("  " + MESSAGE).getBytes(UTF_8);
    List<StreamEvent> events = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += chunk) {
      int n = Math.min(chunk, bytes.length - at);
      d.feed(bytes, at, n, events::add);
      boolean done = at + n == bytes.length;
      boolean begun = at + n > 2; // past the two spaces
      assertThat(d.hasPartialElement()).as("after %d bytes", at + n).isEqualTo(begun && !done);
    }
    assertThat(events).anyMatch(e -> e instanceof StreamEvent.ElementReceived);
    assertThat(d.completedElements()).isEqualTo(2);
  }

  @Test
  void feed_oneElementEndsAndTheNextBeginsInOneRead_partialAgainWithAnotherCount() throws Exception {
    StreamDecoder d = decoder();
    d.feed("<message><body>a".getBytes(UTF_8));
    long before = d.completedElements();
    assertThat(d.hasPartialElement()).isTrue();
    d.feed("</body></message> <presence><status>x".getBytes(UTF_8));
    assertThat(d.hasPartialElement()).isTrue();
    assertThat(d.completedElements()).isEqualTo(before + 1);
    d.feed("</status></presence>".getBytes(UTF_8));
    assertThat(d.hasPartialElement()).isFalse();
  }

  @Test
  void feed_insideAStartTag_partial() throws Exception {
    StreamDecoder d = decoder();
    d.feed("<message to='aaaaaaaa".getBytes(UTF_8));
    assertThat(d.hasPartialElement()).isTrue();
  }

  @Test
  void feed_afterHibernation_partialTrackedAgain() throws Exception {
    StreamDecoder d = decoder();
    d.feed(MESSAGE.getBytes(UTF_8));
    assertThat(d.hibernate()).isTrue();
    d.feed("<iq type='get' id='1'>".getBytes(UTF_8));
    assertThat(d.hasPartialElement()).isTrue();
    d.feed("<ping xmlns='urn:xmpp:ping'/></iq>".getBytes(UTF_8));
    assertThat(d.hasPartialElement()).isFalse();
  }

  private static StreamDecoder decoder() throws Exception {
    StreamDecoder d = new StreamDecoder(DecoderLimits.DEFAULT);
    d.feed(HEADER.getBytes(UTF_8));
    return d;
  }
}
