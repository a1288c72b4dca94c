package io.switchboard.sharding.mam;

import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.testing.FakeMessageArchive;
import io.switchboard.sharding.testing.PartFixture;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;

class RoomArchiveTest {
  private static final EntityBareJid ROOM = Jids.bare("coven@chat.example.com");
  private final FakeMessageArchive archive = new FakeMessageArchive();
  private final RoomArchive rooms = new RoomArchive(archive, MamSettings.defaults(), Clock.systemUTC());

  private static XmlElement groupchat(String body) {
    return XmlElement.builder("message", "jabber:client").attr("from", "hag66@example.com/pda")
        .attr("to", ROOM.toString()).attr("type", "groupchat")
        .textChild("body", body)
        .child(XmlElement.builder("x", Namespaces.MUC_USER).child(XmlElement.builder("item", Namespaces.MUC_USER)
            .attr("jid", "spoofed@evil.example")))
        .child(StanzaIds.stanzaId("planted", ROOM.toString()))
        .build();
  }

  @Test
  void archive_storesAsTheOccupantWithoutToOrMucUser_stampsTheRoomsId_joinsTheReceipt() {
    TestProbe<ConnectionMessage> sender = PartFixture.probe();
    UUID id = MessageIds.next(System.currentTimeMillis());
    RoomArchive.Archived a = rooms.archive(ROOM, "thirdwitch", groupchat("Thrice"), new Receipt(sender.ref(), 1, id,
        List.of()));

    assertThat(StanzaIds.stanzaIdBy(a.message(), ROOM.toString())).contains(id.toString());
    assertThat(a.message().elements("stanza-id", Namespaces.SID)).hasSize(1);
    assertThat(a.receipt().archives()).containsExactly(ROOM.toString());
    ArchiveEntry stored = archive.of(ROOM.toString()).get(0);
    assertThat(stored.stanza().attr("to")).isNull();
    assertThat(stored.stanza().attr("from")).isEqualTo("coven@chat.example.com/thirdwitch");
    assertThat(stored.stanza().child("x", Namespaces.MUC_USER)).isEmpty();
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Archived(1, ROOM.toString()));
  }

  @Test
  void answer_query_resultsFromTheRoomThenFin() throws Exception {
    rooms.archive(ROOM, "a", groupchat("one"), null);
    rooms.archive(ROOM, "b", groupchat("two"), null);
    XmlElement q = XmlElement.builder("query", Namespaces.MAM).attr("queryid", "g27").build();
    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "set", "r1", q))
        .toCompletableFuture().get();
    assertThat(out).hasSize(3);
    assertThat(out.get(0).attr("from")).isEqualTo(ROOM.toString());
    assertThat(out.get(0).attr("to")).isEqualTo("hag66@example.com/pda");
    assertThat(out.get(2).name()).isEqualTo("iq");
    assertThat(out.get(2).child("fin", Namespaces.MAM).orElseThrow().attr("complete")).isEqualTo("true");
  }

  @Test
  void answer_withFilter_notSupportedForRooms() throws Exception {
    XmlElement q = XmlElement.builder("query", Namespaces.MAM)
        .child(DataForm.builder("submit", Namespaces.MAM).field("with", null, List.of("hag66@example.com")).build())
        .build();
    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "set", "r2", q))
        .toCompletableFuture().get();
    assertThat(errorCondition(out.get(0))).isEqualTo("feature-not-implemented");
  }
}
