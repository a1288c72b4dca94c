package io.switchboard.sharding.serialization;

import io.switchboard.sharding.session.AccountEvent.AccountRemoved;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationStarted;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationAdopted;
import io.switchboard.sharding.blocking.BlockingEvent.JidsBlocked;
import io.switchboard.sharding.blocking.BlockingEvent.BlocklistCleared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlText;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineRecord;
import io.switchboard.sharding.roster.RosterState;
import io.switchboard.sharding.blocking.BlockList;
import io.switchboard.sharding.privatedata.PrivateXml;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.UserSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

class SerializationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    serialization = SerializationExtension.get(testKit.system().classicSystem());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final XmlElement STANZA = XmlElement.builder("message", "jabber:client")
      .attr("to", "juliet@example.com").attr("xml:lang", "en").attr("id", "a&<\"'>")
      .child(XmlElement.builder("body", "jabber:client").text("Wherefore art thou, <Romeo>?"))
      .child(new XmlText(" mixed "))
      .child(XmlElement.builder("x", "urn:example:x")
          .child(XmlElement.of("deep", "")).text("tail"))
      .build();

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    byte[] bytes = serialization.serialize(value).get();
    var serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    assertThat(serializer.identifier()).as("jackson-cbor").isEqualTo(33);
    return (T) serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void adminMessages_crossingNodes_roundTripEqual() {
    TestProbe<Integer> count = testKit.createTestProbe();
    UserSession.CloseSessions close = new UserSession.CloseSessions("phone", "policy-violation", count.ref());
    assertThat(roundTrip(close)).isEqualTo(close);
    UserSession.CloseSessions all = new UserSession.CloseSessions(null, "policy-violation", count.ref());
    assertThat(roundTrip(all)).isEqualTo(all);
    TestProbe<io.switchboard.sharding.admin.OnlineUsers.Here> here = testKit.createTestProbe();
    var query = new io.switchboard.sharding.admin.OnlineUsers.Query(here.ref());
    assertThat(roundTrip(query)).isEqualTo(query);
    var answer = new io.switchboard.sharding.admin.OnlineUsers.Here(List.of("a@example.com/x"), false, List.of("a@example.com/x"));
    assertThat(roundTrip(answer)).isEqualTo(answer);
  }

  @Test
  void deliver_withNestedElementsTextAndAttributes_roundTripsEqual() {
    ConnectionMessage.Deliver deliver = new ConnectionMessage.Deliver(STANZA);
    assertThat(roundTrip(deliver)).isEqualTo(deliver);
  }

  @Test
  void receiptsAndAcks_roundTripEqual() {
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<ConnectionMessage> conn =
        testKit.createTestProbe();
    ConnectionMessage.Deliver deliver =
        new ConnectionMessage.Deliver(STANZA, new io.switchboard.sharding.session.Receipt(conn.ref(), 42));
    assertThat(roundTrip(deliver)).isEqualTo(deliver);
    assertThat(roundTrip(new ConnectionMessage.Accepted(42))).isEqualTo(new ConnectionMessage.Accepted(42));
    UserSession.FromClient fc = new UserSession.FromClient("r", STANZA,
        new io.switchboard.sharding.session.Receipt(conn.ref(), 1));
    assertThat(roundTrip(fc)).isEqualTo(fc);
  }

  @Test
  void singletonsAndErrors_roundTripToSameValues() {
    assertThat(roundTrip(ConnectionMessage.Replaced.INSTANCE))
        .isSameAs(ConnectionMessage.Replaced.INSTANCE);
    assertThat(roundTrip(ConnectionMessage.Rebind.INSTANCE))
        .isSameAs(ConnectionMessage.Rebind.INSTANCE);
    assertThat(roundTrip(BlocklistCleared.INSTANCE))
        .isSameAs(BlocklistCleared.INSTANCE);
    assertThat(roundTrip(AccountRemoved.INSTANCE))
        .isSameAs(AccountRemoved.INSTANCE);
    assertThat(roundTrip(UserSession.AccountDeleted.INSTANCE))
        .isSameAs(UserSession.AccountDeleted.INSTANCE);
    ConnectionMessage.Close close = new ConnectionMessage.Close("not-authorized");
    assertThat(roundTrip(close)).isEqualTo(close);
  }

  @Test
  void jidTypes_roundTripAsTheirTypes() {
    BindResult bound = new BindResult.Bound(Jids.full("Romeo@Example.com/balcony"));
    BindResult back = roundTrip(bound);
    assertThat(back).isEqualTo(bound);
    assertThat(((BindResult.Bound) back).jid().toString()).isEqualTo("romeo@example.com/balcony");

    JidsBlocked blocked = new JidsBlocked(
        List.of(Jids.of("example.org"), Jids.of("iago@example.com/x")));
    assertThat(roundTrip(blocked)).isEqualTo(blocked);
  }

  @Test
  void accountSnapshot_roundTripsEqual() {
    RosterItem item = new RosterItem(Jids.bare("romeo@example.net"), "Romeo", List.of("Friends"),
        Subscription.BOTH, false);
    Account account = new Account(new RosterState(Map.of("romeo@example.net", item), 7,
        Map.of("nurse@example.com", STANZA)), new BlockList(Set.of("iago@example.com")),
        XmlElement.of("vCard", "vcard-temp"),
        new PrivateXml(Map.of("{storage:bookmarks}storage", XmlElement.of("storage", "storage:bookmarks"))),
        java.time.Instant.parse("2026-11-01T00:00:00Z"),
        new OnlineRecord(Map.of("balcony", "pekko://Switchboard@127.0.0.1:7355"), Map.of(),
            java.time.Instant.parse("2026-11-02T00:00:00Z")));
    assertThat(roundTrip(account)).isEqualTo(account);
    assertThat(roundTrip(Account.EMPTY)).isEqualTo(Account.EMPTY);
  }

  @Test
  void incarnationEventsAndState_roundTripEqual() {
    java.time.Instant created = java.time.Instant.parse("2026-11-27T10:00:00.123Z");
    var started = new AccountIncarnationStarted(created);
    assertThat(roundTrip(started)).isEqualTo(started);
    var adopted = new AccountIncarnationAdopted(created);
    assertThat(roundTrip(adopted)).isEqualTo(adopted);
    Account withIncarnation = Account.EMPTY.apply(started);
    assertThat(roundTrip(withIncarnation)).isEqualTo(withIncarnation);
  }

  @Test
  void accountSnapshotWithoutIncarnation_readsAsNull() throws Exception {
    // Snapshots written before incarnations were recorded have no such field at all.
    Map<String, Object> legacy = Map.of("roster", Map.of(), "rosterVersion", 3,
        "pendingIn", Map.of(), "blocklist", List.of("iago@example.com"), "privateXml", Map.of());
    byte[] bytes = new CBORMapper().writeValueAsBytes(legacy);
    var serializer = serialization.findSerializerFor(Account.EMPTY);
    // The manifest such snapshots carry: the class name with no version (version 1).
    String manifest = Account.class.getName();
    assertThat(Serializers.manifestFor(serializer, Account.EMPTY)).isEqualTo(manifest + "#2");

    Account back = (Account) serialization.deserialize(bytes, serializer.identifier(), manifest).get();

    assertThat(back).isEqualTo(new Account(new RosterState(Map.of(), 3, Map.of()),
        new BlockList(Set.of("iago@example.com")), null, PrivateXml.EMPTY, null, OnlineRecord.EMPTY));
    assertThat(back.incarnation()).isNull();
  }

  @Test
  void commandWithActorRef_roundTrips() {
    TestProbe<ConnectionMessage> probe = testKit.createTestProbe();
    UserSession.Unbind unbind = new UserSession.Unbind("phone", probe.ref());
    assertThat(roundTrip(unbind)).isEqualTo(unbind);
    UserSession.Inbound inbound = new UserSession.Inbound(STANZA);
    assertThat(roundTrip(inbound)).isEqualTo(inbound);
  }

  @Test
  void jidDeserializers_wrongKindOfJid_areRejected() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new SwitchboardJacksonModule());
    assertThat(mapper.readValue("\"Romeo@Example.net\"", BareJid.class).toString())
        .isEqualTo("romeo@example.net");
    assertThatThrownBy(() -> mapper.readValue("\"romeo@example.net/res\"", BareJid.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> mapper.readValue("\"romeo@example.net\"", EntityFullJid.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> mapper.readValue("\"not a@jid@@\"", Jid.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void xmlElement_jsonShape_isCompactAndStructural() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new SwitchboardJacksonModule());
    XmlElement e = XmlElement.builder("a", "urn:x").attr("k", "v")
        .child(XmlElement.of("b", "")).text("t").build();
    assertThat(mapper.writeValueAsString(e))
        .isEqualTo("{\"n\":\"a\",\"s\":\"urn:x\",\"a\":{\"k\":\"v\"},\"c\":[{\"n\":\"b\"},\"t\"]}");
    assertThat(mapper.readValue(mapper.writeValueAsString(e), XmlElement.class)).isEqualTo(e);
  }
}
