package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Room events, state and the messages that cross nodes, through jackson-cbor. */
class MucSerializationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static final Instant T = Instant.parse("2026-12-06T10:00:00.123Z");
  private static final XmlElement PRESENCE = XmlElement.builder("presence", "jabber:client")
      .textChild("show", "away").textChild("status", "<lunch> & more").build();

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    serialization = SerializationExtension.get(testKit.system().classicSystem());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    byte[] bytes = serialization.serialize(value).get();
    var serializer = serialization.findSerializerFor(value);
    assertThat(serializer.identifier()).as("jackson-cbor").isEqualTo(33);
    String manifest = Serializers.manifestFor(serializer, value);
    return (T) serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void events_roundTripEqual() {
    RoomConfig config = RoomConfig.defaults(MucSettings.defaults());
    List<RoomEvent> events = List.of(
        new RoomEvent.RoomCreated("alice@example.com", config, "c2FsdA==", T, true),
        new RoomEvent.RoomConfigured(config),
        new RoomEvent.RoomDestroyed("bye", "other@conference.example.com"),
        new RoomEvent.RoomDestroyed(null, null),
        new RoomEvent.OccupantJoined("Alice", "alice@example.com", "alice@example.com/p", Role.MODERATOR, "oid",
            PRESENCE, "pekko://sb@127.0.0.1:7355"),
        new RoomEvent.PresenceUpdated("Alice", "alice@example.com/p", PRESENCE),
        new RoomEvent.SessionLeft("Alice", "alice@example.com/p"),
        new RoomEvent.OccupantRemoved("Alice"),
        new RoomEvent.NickChanged("Alice", "Ally"),
        new RoomEvent.RoleChanged("Ally", Role.VISITOR),
        new RoomEvent.AffiliationChanged("bob@example.com", Affiliation.OUTCAST, "spam"),
        new RoomEvent.SubjectChanged("Plans", "room@conference.example.com/Ally"));
    for (RoomEvent e : events) {
      assertThat(roundTrip(e)).isEqualTo(e);
    }
  }

  @Test
  void state_withOccupantsAffiliationsAndSubject_roundTripsEqual() {
    RoomState s = RoomState.ABSENT
        .apply(new RoomEvent.RoomCreated("alice@example.com", RoomConfig.defaults(MucSettings.defaults()), "c2FsdA==", T, false))
        .apply(new RoomEvent.OccupantJoined("Alice", "alice@example.com", "alice@example.com/p", Role.MODERATOR, "o1",
            PRESENCE, "n1"))
        .apply(new RoomEvent.OccupantJoined("Bob", "bob@example.com", "bob@example.com/q", Role.PARTICIPANT, "o2",
            PRESENCE, "n2"))
        .apply(new RoomEvent.AffiliationChanged("bob@example.com", Affiliation.MEMBER, null))
        .apply(new RoomEvent.SubjectChanged("Plans", "room@conference.example.com/Alice"));
    RoomState back = roundTrip(s);
    assertThat(back).isEqualTo(s);
    assertThat(back.bySession("bob@example.com/q").nick()).isEqualTo("Bob");
    assertThat(roundTrip(RoomState.ABSENT)).isEqualTo(RoomState.ABSENT);
  }

  @Test
  void crossNodeMessages_roundTrip() {
    TestProbe<MucRelay.Delivered> probe = testKit.createTestProbe();
    MucRelay.Deliver d = new MucRelay.Deliver(42, List.of(new MucRelay.Part(PRESENCE, List.of("a@example.com/x")),
        new MucRelay.Part(PRESENCE.withAttribute("to", "b@example.com/y"), List.of())), probe.ref());
    assertThat(roundTrip(d)).isEqualTo(d);
    assertThat(roundTrip(new MucRelay.Delivered(42))).isEqualTo(new MucRelay.Delivered(42));
    MucRelay.Deliver unconfirmed = new MucRelay.Deliver(0, List.of(new MucRelay.Part(PRESENCE, List.of())), null);
    assertThat(roundTrip(unconfirmed)).as("a refusal: nothing comes back").isEqualTo(unconfirmed);
    MucRoom.Inbound in = new MucRoom.Inbound(PRESENCE, null, "pekko://sb@127.0.0.1:7355");
    assertThat(roundTrip(in)).isEqualTo(in);
    TestProbe<UserSession.DirectedPresenceAnswer> answers = testKit.createTestProbe();
    var q = new UserSession.DirectedPresenceQuery("phone", "room@conference.example.com", answers.ref());
    assertThat(roundTrip(q)).isEqualTo(q);
    assertThat(roundTrip(new UserSession.DirectedPresenceAnswer(true))).isEqualTo(new UserSession.DirectedPresenceAnswer(true));
  }
}
