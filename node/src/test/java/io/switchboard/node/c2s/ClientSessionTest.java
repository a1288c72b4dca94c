package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class ClientSessionTest {
  private static final XmlElement MESSAGE =
      XmlElement.builder("message", "jabber:client").attr("to", "a@example.com/r").textChild("body", "hi").build();

  private static ClientSession session(EmbeddedChannel ch) {
    return new ClientSession(Jids.full("a@example.com/r"), ch, 100, 5);
  }

  @Test
  void deliver_openStream_writes() {
    EmbeddedChannel ch = new EmbeddedChannel();
    assertThat(session(ch).deliver(MESSAGE)).isTrue();
    assertThat((Object) ch.readOutbound()).isNotNull();
  }

  @Test
  void deliver_afterClosing_refusedSoTheCallerRoutesItElsewhere() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.closing();
    assertThat(s.deliver(MESSAGE)).isFalse();
    assertThat((Object) ch.readOutbound()).isNull();
  }

  @Test
  void deliver_detachedForResumption_queuesAndResumeWritesIt() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.enableStreamManagement("sm1", true);
    s.closing();
    s.detach();
    assertThat(s.deliver(MESSAGE)).as("queued for the resumed stream").isTrue();

    EmbeddedChannel again = new EmbeddedChannel();
    assertThat(s.resume(again, 0, "<resumed/>")).isTrue();
    assertThat(s.deliver(MESSAGE)).as("the resumed stream is open again").isTrue();
  }
}
