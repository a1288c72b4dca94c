package io.switchboard.node.muc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.archive.ArchivedMessage;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Issue #18's room archive remainders on one real node (real Cassandra, Smack's
 * {@link MultiUserChat} and {@link MamManager}): a room's archived messages expire with
 * {@code switchboard.mam.retention}, are deleted when the room is destroyed, a row a crash left
 * behind is deleted when a room of the name is created again, and the new room's queries and
 * metadata name only its own messages. The rows are read from Cassandra itself.
 */
@ExtendWith(CassandraExtension.class)
class RoomArchiveIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int RETENTION_SECONDS = 86_400;
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("room_archive_it", Map.of("switchboard.mam.retention", "1d"), "owner");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void roomArchive_expiresWithRetention_deletedOnDestroy_andANewRoomOfTheNameSeesOnlyItsOwn() throws Exception {
    EntityBareJid room = JidCreate.entityBareFrom("reused@conference.localhost");
    XMPPTCPConnection owner = SmackClients.connect(node, "owner", "owner-pw", "desk");
    try {
      MultiUserChat muc = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(room);
      BlockingQueue<Message> echoes = new LinkedBlockingQueue<>();
      muc.addMessageListener(echoes::add);
      muc.create(Resourcepart.from("owner")).makeInstant();
      for (String body : List.of("a1", "a2", "a3")) {
        muc.sendMessage(body);
        echo(echoes, body);
      }

      // 1. The retention is the rows' TTL, as for account archives (it was none for rooms).
      List<Row> rows = rows("archive_messages", room);
      assertThat(rows).hasSize(3);
      assertThat(rows).allSatisfy(r -> assertThat(r.getInt("ttl")).isBetween(1, RETENTION_SECONDS));
      assertThat(rowsWith(room, room + "/owner")).allSatisfy(
          r -> assertThat(r.getInt("ttl")).isBetween(1, RETENTION_SECONDS));

      // 2. Destroyed: the rows go from both tables (they were only hidden before).
      muc.destroy("done", null);
      Await.until("the destroyed room's rows deleted", WAIT,
          () -> rows("archive_messages", room).isEmpty() && rowsWith(room, room + "/owner").isEmpty());

      // What a crash between the destruction and the deletion leaves: a row older than any later
      // room of the name. Creating the room again deletes it.
      node.node().persistence().archive().append(Jids.bare(room.toString()), new ArchivedMessage(null,
          Instant.now().minusSeconds(3600), room + "/ghost", ArchivedMessage.Direction.IN,
          "<message xmlns='jabber:client' type='groupchat' from='" + room + "/ghost'><body>left by a crash</body></message>"))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(rows("archive_messages", room)).hasSize(1);

      Await.until("the owner left the destroyed room", WAIT, () -> !muc.isJoined());
      muc.create(Resourcepart.from("owner")).makeInstant();
      muc.sendMessage("b1");
      Message b1 = echo(echoes, "b1");
      String b1Id = StanzaIdElement.getStanzaId(b1).getId();
      Await.until("the crash's leftover deleted by the new room", WAIT,
          () -> rowsWith(room, room + "/ghost").isEmpty() && rows("archive_messages", room).size() == 1);

      // 3. The new room's query and metadata name only its own message.
      MamManager mam = MamManager.getInstanceFor(muc);
      assertThat(mam.isSupported()).as("the room announces urn:xmpp:mam:2").isTrue();
      MamManager.MamQuery q = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(50).build());
      assertThat(q.getMessages().stream().map(Message::getBody).filter(Objects::nonNull).toList())
          .containsExactly("b1");
      // Smack keeps the unknown answer as escaped text.
      String metadata = owner.sendIqRequestAndWaitForResponse(new MetadataIq(room)).toXML().toString()
          .replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", "\"");
      assertThat(metadata).containsPattern("<start id=.?" + b1Id).containsPattern("<end id=.?" + b1Id);
    } finally {
      owner.disconnect();
    }
  }

  private static Message echo(BlockingQueue<Message> echoes, String body) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Message m = echoes.poll(1, TimeUnit.SECONDS);
      if (m != null && body.equals(m.getBody())) {
        return m;
      }
    }
    throw new AssertionError("no echo of " + body);
  }

  private static CqlSession session() {
    return node.node().persistence().session();
  }

  private static String table(String name) {
    return node.node().persistence().settings().keyspace() + "." + name;
  }

  private static List<Row> rows(String tableName, EntityBareJid room) {
    return session().execute("SELECT id, TTL(stanza) AS ttl FROM " + table(tableName) + " WHERE owner = ?",
        room.toString()).all();
  }

  private static List<Row> rowsWith(EntityBareJid room, String with) {
    return session().execute("SELECT id, TTL(stanza) AS ttl FROM " + table("archive_messages_by_with")
        + " WHERE owner = ? AND with_jid = ?", room.toString(), with).all();
  }

  /** XEP-0313 {@code <metadata/>} (Smack has no API for it). */
  private static final class MetadataIq extends IQ {
    MetadataIq(Jid to) {
      super("metadata", "urn:xmpp:mam:2");
      setTo(to);
      setType(Type.get);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
      xml.setEmptyElement();
      return xml;
    }
  }
}
