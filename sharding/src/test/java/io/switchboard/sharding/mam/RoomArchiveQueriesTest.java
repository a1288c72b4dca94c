package io.switchboard.sharding.mam;

import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.testing.FakeMessageArchive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;

class RoomArchiveQueriesTest {
  private static final EntityBareJid ROOM = Jids.bare("coven@chat.example.com");
  private final FakeMessageArchive archive = new FakeMessageArchive();
  private final RoomArchiveQueries rooms = new RoomArchiveQueries(archive, MamSettings.defaults());

  /** Stores a groupchat message of {@code nick} as the room's archive keeps it, taken at {@code millis}. */
  private void stored(String nick, String body, long millis) {
    UUID id = MessageIds.next(millis);
    String occupant = ROOM + "/" + nick;
    XmlElement m = XmlElement.builder("message", "jabber:client").attr("from", occupant).attr("type", "groupchat")
        .textChild("body", body).build();
    archive.append(ROOM, new ArchiveEntry(id, MessageIds.instantOf(id), occupant, false, m));
  }

  private static XmlElement query(String queryId) {
    return XmlElement.builder("query", Namespaces.MAM).attr("queryid", queryId).build();
  }

  private static List<String> bodies(List<XmlElement> out) {
    return out.stream().filter(e -> e.name().equals("message"))
        .map(e -> e.child("result", Namespaces.MAM).orElseThrow().child("forwarded", Namespaces.FORWARD).orElseThrow()
            .child("message", "jabber:client").orElseThrow().child("body", "jabber:client").orElseThrow().text())
        .toList();
  }

  @Test
  void answer_query_resultsFromTheRoomThenFin() throws Exception {
    long now = System.currentTimeMillis();
    stored("a", "one", now - 2);
    stored("b", "two", now - 1);
    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "set", "r1", query("g27")),
        null).toCompletableFuture().get();
    assertThat(out).hasSize(3);
    assertThat(out.get(0).attr("from")).isEqualTo(ROOM.toString());
    assertThat(out.get(0).attr("to")).isEqualTo("hag66@example.com/pda");
    assertThat(bodies(out)).containsExactly("one", "two");
    assertThat(out.get(2).name()).isEqualTo("iq");
    assertThat(out.get(2).child("fin", Namespaces.MAM).orElseThrow().attr("complete")).isEqualTo("true");
  }

  @Test
  void answer_since_hidesWhatAnEarlierRoomOfTheSameNameArchived() throws Exception {
    long now = System.currentTimeMillis();
    stored("a", "old room", now - 60_000);
    stored("b", "new room", now - 1);
    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "set", "r3", query("q")),
        Instant.ofEpochMilli(now - 30_000)).toCompletableFuture().get();
    assertThat(bodies(out)).containsExactly("new room");
  }

  /** §6.1.2 metadata of a room created again under an old name names only the new room's messages. */
  @Test
  void answer_metadata_startsAtTheRoomsCreation() throws Exception {
    long now = System.currentTimeMillis();
    stored("a", "old room", now - 60_000);
    stored("b", "new one", now - 2);
    stored("c", "new two", now - 1);
    List<String> ids = archive.query(ROOM, ArchiveFilter.first(10)).toCompletableFuture().get().items().stream()
        .map(e -> e.id().toString()).toList();
    XmlElement metadata = XmlElement.builder("metadata", Namespaces.MAM).build();

    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "get", "md", metadata),
        Instant.ofEpochMilli(now - 30_000)).toCompletableFuture().get();

    XmlElement md = out.get(0).child("metadata", Namespaces.MAM).orElseThrow();
    assertThat(md.child("start", Namespaces.MAM).orElseThrow().attr("id")).isEqualTo(ids.get(1));
    assertThat(md.child("end", Namespaces.MAM).orElseThrow().attr("id")).isEqualTo(ids.get(2));
  }

  /** A room whose name held an earlier room but that archived nothing yet has an empty archive. */
  @Test
  void answer_metadata_nothingSinceCreation_isEmpty() throws Exception {
    long now = System.currentTimeMillis();
    stored("a", "old room", now - 60_000);
    XmlElement metadata = XmlElement.builder("metadata", Namespaces.MAM).build();

    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "get", "md", metadata),
        Instant.ofEpochMilli(now - 30_000)).toCompletableFuture().get();

    XmlElement md = out.get(0).child("metadata", Namespaces.MAM).orElseThrow();
    assertThat(md.child("start", Namespaces.MAM)).isEmpty();
    assertThat(md.child("end", Namespaces.MAM)).isEmpty();
  }

  @Test
  void answer_withFilter_notSupportedForRooms() throws Exception {
    XmlElement q = XmlElement.builder("query", Namespaces.MAM)
        .child(DataForm.builder("submit", Namespaces.MAM).field("with", null, List.of("hag66@example.com")).build())
        .build();
    List<XmlElement> out = rooms.answer(ROOM, iq("hag66@example.com/pda", ROOM.toString(), "set", "r2", q), null)
        .toCompletableFuture().get();
    assertThat(errorCondition(out.get(0))).isEqualTo("feature-not-implemented");
  }
}
