package io.switchboard.sharding.offline;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import org.junit.jupiter.api.Test;

class OfflineInboxTest {
  private final TestSessionContext ctx = PartFixture.juliet();
  private final OfflineInbox inbox = ctx.inbox();

  @Test
  void store_chatStateAlone_notKept() {
    XmlElement typing = XmlElement.builder("message", "jabber:client").attr("from", "romeo@example.com/o").attr("to", JULIET)
        .child(XmlElement.of("composing", "http://jabber.org/protocol/chatstates")).build();

    inbox.store(typing);

    assertThat(ctx.selfMessages).isEmpty();
  }

  @Test
  void fetch_emptyStoreThenNothingStored_nextLoginSkipsTheRead() {
    inbox.fetch("balcony");
    ctx.selfMessages.forEach(m -> inbox.onInternal((OfflineInbox.Internal) m));
    ctx.selfMessages.clear();

    inbox.fetch("balcony");

    assertThat(ctx.offline.fetches(JULIET)).isEqualTo(1);
  }

  @Test
  void fetch_writeStillRunning_emptyAnswerProvesNothing() {
    ctx.offline.hold();
    inbox.store(message("romeo@example.com/o", JULIET, "chat", "hi")); // held
    inbox.fetch("balcony"); // reads before the write landed
    ctx.selfMessages.stream().filter(m -> m instanceof OfflineInbox.Fetched).forEach(m -> inbox.onInternal((OfflineInbox.Internal) m));

    inbox.fetch("balcony");

    assertThat(ctx.offline.fetches(JULIET)).isEqualTo(2);
    ctx.offline.release();
  }
}
