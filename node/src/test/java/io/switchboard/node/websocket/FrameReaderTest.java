package io.switchboard.node.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.stream.DecodeFailure;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.FragmentParser;
import io.switchboard.protocol.stream.StreamEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private final FrameReader reader = new FrameReader();

  private Object read(String frame) {
    byte[] b = frame.getBytes(StandardCharsets.UTF_8);
    return reader.toEvent(FragmentParser.parse(b, DecoderLimits.DEFAULT), b.length);
  }

  @Test
  void toEvent_open_streamHeaderWithItsAttributes() {
    Object e = read("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0' xml:lang='de'/>");
    assertThat(e).isInstanceOf(StreamEvent.StreamOpened.class);
    StreamEvent.StreamOpened open = (StreamEvent.StreamOpened) e;
    assertThat(open.to()).hasValue("example.com");
    assertThat(open.version()).hasValue("1.0");
    assertThat(open.lang()).hasValue("de");
  }

  @Test
  void toEvent_elementBeforeOpen_invalidNamespace() {
    Object e = read("<message xmlns='jabber:client'/>");
    assertThat(((DecodeFailure) e).error().condition()).isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
  }

  @Test
  void toEvent_afterOpen_elementsThenClose() {
    read("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>");
    assertThat(read("<presence xmlns='jabber:client'/>")).isInstanceOf(StreamEvent.ElementReceived.class);
    assertThat(read("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"))
        .isInstanceOf(DecodeFailure.class);
    assertThat(read("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>")).isEqualTo(StreamEvent.StreamClosed.INSTANCE);
  }

  @Test
  void toEvent_restart_expectsOpenAgain() {
    read("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>");
    reader.expectOpen();
    assertThat(read("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"))
        .isInstanceOf(StreamEvent.StreamOpened.class);
  }
}
