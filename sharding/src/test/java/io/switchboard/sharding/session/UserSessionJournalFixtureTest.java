package io.switchboard.sharding.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.blocking.BlockingEvent;
import io.switchboard.sharding.roster.RosterEvent;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.sm.ParkEvent;
import io.switchboard.sharding.session.sm.ParkedResource;
import io.switchboard.sharding.testing.FakeAccountDirectory;
import io.switchboard.sharding.testing.FakeOfflineMessages;
import io.switchboard.sharding.testing.RecordingRouting;
import io.switchboard.sharding.vcard.VcardStored;
import io.switchboard.sharding.testing.JournalFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the session entity was split into parts still replay: events and a
 * snapshot serialized by commit 7c83ad7 (see {@code journal-fixture/README.md}) are read through
 * Pekko's Jackson serializer with the migrations of reference.conf, exactly as the Cassandra journal
 * reads them, and replayed into today's {@link UserSession}.
 */
class UserSessionJournalFixtureTest {
  private static final Instant JULIET_CREATED = Instant.parse("2026-11-01T08:00:00Z");
  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static JsonNode fixture;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(testKit.system().classicSystem());
    fixture = JournalFixture.load("user-session-journal-7c83ad7.json");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Object read(JsonNode entry) {
    return JournalFixture.read(serialization, entry);
  }

  private static List<UserSession.Event> events(String account) {
    List<UserSession.Event> out = new ArrayList<>();
    for (JsonNode e : fixture.get(account)) {
      out.add((UserSession.Event) read(e));
    }
    return out;
  }

  @Test
  void oldManifests_readAsTheEventsOfTheParts() {
    assertThat(fixture.get("juliet").get(1).get("manifest").asText())
        .isEqualTo("io.switchboard.sharding.session.UserSession$RosterItemSaved");
    List<UserSession.Event> juliet = events("juliet");
    assertThat(juliet).hasSize(19);
    assertThat(juliet.get(0)).isEqualTo(new AccountEvent.AccountIncarnationAdopted(JULIET_CREATED));
    assertThat(juliet.get(1)).isInstanceOf(RosterEvent.RosterItemSaved.class);
    assertThat(juliet.get(9)).isInstanceOf(BlockingEvent.JidsBlocked.class);
    assertThat(juliet.get(11)).isInstanceOf(VcardStored.class);
    assertThat(juliet.get(15)).isInstanceOf(ParkEvent.ResourceParked.class);
    // Written before it carried a time.
    assertThat(juliet.get(18)).isEqualTo(new ResourceEvent.ResourceOffline("chamber", null));
    assertThat(events("romeo")).contains(BlockingEvent.BlocklistCleared.INSTANCE, AccountEvent.AccountRemoved.INSTANCE);
  }

  @Test
  void replay_julietsJournal_givesTheStateThatVersionHad() {
    Account state = replay("juliet@example.com", events("juliet"));

    assertThat(state.incarnation()).isEqualTo(JULIET_CREATED);
    assertThat(state.rosterItems()).containsOnlyKeys("romeo@example.com", "tybalt@example.com");
    assertThat(state.item(Jids.bare("romeo@example.com"))).isEqualTo(new RosterItem(Jids.bare("romeo@example.com"),
        "Romeo", List.of("Montagues", "Friends"), Subscription.BOTH, false));
    assertThat(state.item(Jids.bare("tybalt@example.com")).pendingOut()).isTrue();
    assertThat(state.rosterVersion()).isEqualTo(5);
    assertThat(state.pendingIn()).containsOnlyKeys("nurse@example.com");
    assertThat(state.pendingIn().get("nurse@example.com").childText("status", "jabber:client")).contains("Lady, a word!");
    assertThat(state.blocklist()).containsExactlyInAnyOrder("tybalt@example.com", "capulet.example/spy");
    assertThat(state.isBlocked(Jids.parse("capulet.example/spy").orElseThrow())).isTrue();
    assertThat(state.vcard().childText("NICKNAME", "vcard-temp")).contains("Jules");
    assertThat(state.privateXml().get("storage", "storage:bookmarks")).isNotNull();
    assertThat(state.online()).isEqualTo(Map.of("balcony", "pekko://Switchboard@127.0.0.1:7365"));
    ParkedResource parked = state.parked().get("balcony");
    assertThat(parked.token()).isEqualTo("YmFsY29ueQ.c2VjcmV0Mg");
    assertThat(parked.handled()).isEqualTo(20);
    assertThat(parked.presence().childText("priority", "jabber:client")).contains("5");
    assertThat(state.resources().lastOffline()).isNull();
    assertThat(state.resources().lastLogin()).isNull(); // not recorded before XEP-0133 get-user-lastlogin
  }

  @Test
  void oldSnapshot_readsAsTheReplayedState() {
    Account snapshot = (Account) read(fixture.get("julietSnapshot"));

    assertThat(fixture.get("julietSnapshot").get("manifest").asText()).isEqualTo("io.switchboard.sharding.session.Account");
    assertThat(snapshot).isEqualTo(replay("juliet@example.com", events("juliet")));
  }

  /**
   * A rolling upgrade runs old and new nodes side by side, so an old node may replay an event a new
   * node wrote with a property the old class does not have (as {@code ResourceOnline.at}, added for
   * XEP-0133 get-user-lastlogin, is to a node of 7c83ad7). Pekko's Jackson serializer must ignore
   * such a property, not fail the recovery: today's event with one more, unknown, property reads as
   * the event without it.
   */
  @Test
  void eventWithAPropertyThisVersionDoesNotKnow_readsIgnoringIt() throws Exception {
    ResourceEvent.ResourceOnline event =
        new ResourceEvent.ResourceOnline("balcony", "pekko://Switchboard@127.0.0.1:7365", Instant.parse("2026-12-07T09:00:00Z"));
    org.apache.pekko.serialization.Serializer serializer = serialization.findSerializerFor(event);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, event);
    ObjectMapper cbor = new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serialization.serialize(event).get());
    assertThat(tree.has("at")).as("the serialized event is a CBOR object of its properties").isTrue();
    tree.put("addedByALaterVersion", "ignored");

    Object read = serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get();

    assertThat(read).isEqualTo(event);
  }

  @Test
  void replay_romeosJournal_removalAndNewIncarnationsApply() {
    Account state = replay("romeo@example.com", events("romeo"));

    assertThat(state.incarnation()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
    assertThat(state.rosterItems()).isEmpty();
    assertThat(state.rosterVersion()).isEqualTo(4);
    assertThat(state.blocklist()).isEmpty();
    assertThat(state.vcard()).isEqualTo(XmlElement.of("vCard", "vcard-temp"));
  }

  @Test
  void recoveredEntity_servesTheOldRosterToANewLogin() {
    FakeAccountDirectory directory = new FakeAccountDirectory();
    directory.created("juliet@example.com", JULIET_CREATED);
    EventSourcedBehaviorTestKit<UserSession.Command, UserSession.Event, Account> kit =
        kit("juliet@example.com", directory, Instant.parse("2026-11-05T00:00:00Z"));
    kit.initialize(events("juliet").toArray(UserSession.Event[]::new));
    kit.restart();
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();

    BindResult bound = kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("chamber", conn.ref(), replyTo, JULIET_CREATED)).reply();
    kit.runCommand(new UserSession.FromClient("chamber", XmlElement.builder("iq", "jabber:client")
        .attr("type", "get").attr("id", "r1").attr("from", "juliet@example.com/chamber")
        .child(XmlElement.of("query", "jabber:iq:roster")).build()));

    assertThat(bound).isInstanceOf(BindResult.Bound.class);
    XmlElement roster = conn.expectMessageClass(ConnectionMessage.Deliver.class).stanza();
    assertThat(roster.attr("type")).isEqualTo("result");
    assertThat(roster.child("query", "jabber:iq:roster").orElseThrow().elements())
        .extracting(i -> i.attr("jid")).containsExactlyInAnyOrder("romeo@example.com", "tybalt@example.com");
  }

  /**
   * The state right after recovery. The clock stands just before the parked session's window ends
   * (a later clock makes the recovered entity end it at once, as it should).
   */
  private static Account replay(String user, List<UserSession.Event> events) {
    EventSourcedBehaviorTestKit<UserSession.Command, UserSession.Event, Account> kit =
        kit(user, new FakeAccountDirectory(), Instant.parse("2025-11-24T16:00:00Z"));
    kit.initialize(events.toArray(UserSession.Event[]::new));
    return kit.getState();
  }

  private static EventSourcedBehaviorTestKit<UserSession.Command, UserSession.Event, Account> kit(
      String user, FakeAccountDirectory directory, Instant now) {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    UserSessionSettings settings = new UserSessionSettings(java.time.Duration.ofMinutes(1), 100, 2, 5, "", "");
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        UserSession.create(Jids.bare(user), shard.ref(), settings,
            new SessionDependencies(new RecordingRouting(), new FakeOfflineMessages(1),
                Clock.fixed(now, ZoneOffset.UTC), directory)),
        EventSourcedBehaviorTestKit.enabledSerializationSettings());
  }
}
