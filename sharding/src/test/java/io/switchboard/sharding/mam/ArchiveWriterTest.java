package io.switchboard.sharding.mam;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.testing.FakeMessageArchive;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
  private static final String ROMEO = "romeo@example.net/orchard";
  private final FakeMessageArchive archive = new FakeMessageArchive();
  private final TestSessionContext ctx =
      PartFixture.juliet(Modules.of(new MessageArchiving(archive, MamSettings.defaults())));
  private final TestProbe<ConnectionMessage> sender = PartFixture.probe();

  private void receive(XmlElement stanza, Receipt receipt) {
    ctx.receipt(receipt);
    ctx.modules().pipeline().deliver(ctx, Account.EMPTY, Delivery.of(stanza, null));
  }

  @Test
  void received_archivedOnceUnderTheReceiptsIdAndStamped() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    UUID id = MessageIds.next(PartFixture.NOW.toEpochMilli());
    // A sender cannot plant an id in Juliet's archive (XEP-0359 §4).
    XmlElement spoofed = message(ROMEO, JULIET, "chat", "hi").withChild(StanzaIds.stanzaId("fake", JULIET));

    receive(spoofed, new Receipt(sender.ref(), 7, id, List.of()));

    assertThat(archive.of(JULIET)).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(id);
      assertThat(e.outgoing()).isFalse();
      assertThat(e.with()).isEqualTo("romeo@example.net");
      assertThat(e.stamp()).isEqualTo(MessageIds.instantOf(id));
      assertThat(StanzaIds.stanzaIdBy(e.stanza(), JULIET)).isEmpty();
    });
    TestSessionContext.Delivered d = ctx.delivered.get(0);
    assertThat(StanzaIds.stanzaIdBy(d.stanza(), JULIET)).contains(id.toString());
    assertThat(d.stanza().elements("stanza-id", Namespaces.SID)).hasSize(1);
    // The receipt now waits for Juliet's archive, and the archive confirmed the write.
    assertThat(d.receipt().archives()).containsExactly(JULIET);
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Archived(7, JULIET));
  }

  @Test
  void received_repeatedAfterACrash_sameIdSameRow() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    UUID id = MessageIds.next(PartFixture.NOW.toEpochMilli());
    receive(message(ROMEO, JULIET, "chat", "once"), new Receipt(sender.ref(), 3, id, List.of()));
    receive(message(ROMEO, JULIET, "chat", "once"), new Receipt(sender.ref(), 3, id, List.of()));

    assertThat(archive.appends).hasSize(2);
    assertThat(archive.of(JULIET)).hasSize(1);
  }

  @Test
  void received_writeNotLanded_notConfirmed() {
    archive.holdWrites = true;
    receive(message(ROMEO, JULIET, "chat", "slow"), new Receipt(sender.ref(), 4, MessageIds.next(0), List.of()));
    sender.expectNoMessage(Duration.ofMillis(100));
    archive.appends.get(0).done().complete(null);
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Archived(4, JULIET));
  }

  @Test
  void received_writeFailed_neverConfirmed() {
    archive.failWrites = true;
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    receive(message(ROMEO, JULIET, "chat", "lost?"), new Receipt(sender.ref(), 5, MessageIds.next(0), List.of()));
    // Delivered with a receipt that waits for Juliet's archive, which never confirms: the
    // sender's connection keeps the message and sends it again.
    assertThat(ctx.delivered.get(0).receipt().archives()).containsExactly(JULIET);
    sender.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void received_withoutReceipt_newIdAndNobodyToConfirm() {
    receive(message("bot.example.net", JULIET, "normal", "from a component"), null);
    assertThat(archive.of(JULIET)).singleElement()
        .satisfies(e -> assertThat(MessageIds.isMessageId(e.id())).isTrue());
  }

  @Test
  void sent_archivedAsOutgoing_notStampedOnTheRoutedMessage() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    UUID id = MessageIds.next(PartFixture.NOW.toEpochMilli());
    ctx.receipt(new Receipt(sender.ref(), 9, id, List.of()));

    XmlElement out = ctx.modules().pipeline().send(ctx, Account.EMPTY, "balcony",
        message(JULIET + "/balcony", "romeo@example.net", "chat", "to romeo"));

    assertThat(out.elements("stanza-id", Namespaces.SID)).isEmpty();
    assertThat(archive.of(JULIET)).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(id);
      assertThat(e.outgoing()).isTrue();
      assertThat(e.with()).isEqualTo("romeo@example.net");
    });
    assertThat(ctx.peekReceipt().archives()).containsExactly(JULIET);
  }

  @Test
  void notArchivable_chatStatesGroupchatHeadlineNoStoreCopies() {
    XmlElement chatState = XmlElement.builder("message", "jabber:client").attr("from", ROMEO).attr("to", JULIET)
        .attr("type", "chat").child(XmlElement.of("composing", Namespaces.CHAT_STATES)).build();
    assertThat(ArchivePolicy.archivable(chatState)).isFalse();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, "groupchat", "room"))).isFalse();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, "headline", "news"))).isFalse();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, "error", "oops"))).isFalse();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, "chat", "secret")
        .withChild(XmlElement.of("no-permanent-store", Namespaces.HINTS)))).isFalse();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, "chat", null)
        .withChild(XmlElement.of("received", Namespaces.CARBONS)))).isFalse();
    assertThat(ArchivePolicy.archivable(chatState.withChild(XmlElement.of("store", Namespaces.HINTS)))).isTrue();
    assertThat(ArchivePolicy.archivable(message(ROMEO, JULIET, null, "normal"))).isTrue();
  }

  @Test
  void preferences_neverListAndRosterDefault() {
    MamPreferences roster = new MamPreferences(MamPreferences.Default.ROSTER, Set.of(), Set.of("nurse@example.net"));
    assertThat(roster.archives(io.switchboard.protocol.jid.Jids.parse("romeo@example.net/x").orElseThrow(),
        j -> j.toString().equals("romeo@example.net"))).isTrue();
    assertThat(roster.archives(io.switchboard.protocol.jid.Jids.parse("tybalt@example.net").orElseThrow(),
        j -> false)).isFalse();
    MamPreferences always = new MamPreferences(MamPreferences.Default.ALWAYS, Set.of("nurse@example.net"),
        Set.of("nurse@example.net", "romeo@example.net/orchard"));
    assertThat(always.archives(io.switchboard.protocol.jid.Jids.parse("nurse@example.net/x").orElseThrow(), j -> true))
        .as("never wins over always").isFalse();
    assertThat(always.archives(io.switchboard.protocol.jid.Jids.parse("romeo@example.net/orchard").orElseThrow(),
        j -> true)).isFalse();
    assertThat(always.archives(io.switchboard.protocol.jid.Jids.parse("romeo@example.net/garden").orElseThrow(),
        j -> true)).as("a full JID on the list matches only itself").isTrue();

    Account never = Account.EMPTY.apply(new MamEvent.MamPreferencesSet(MamPreferences.of(MamPreferences.Default.NEVER)));
    ctx.receipt(null);
    ctx.modules().pipeline().deliver(ctx, never, Delivery.of(message(ROMEO, JULIET, "chat", "x"), null));
    assertThat(archive.appends).isEmpty();
  }
}
