package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
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

/** Commands, events, replies and state of the pub-sub entities through jackson-cbor. */
class PubSubSerializationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  private static final XmlElement PAYLOAD = XmlElement.builder("entry", "http://www.w3.org/2005/Atom")
      .attr("xml:lang", "en").textChild("title", "<Soliloquy> & more").build();
  private static final Instant T = Instant.parse("2026-11-27T10:00:00.123Z");

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
    NodeConfig config = NodeConfig.serviceDefaults(10);
    List<Object> events = List.of(
        new PubSubNode.NodeCreated(config, "alice@example.com", T),
        new PubSubNode.NodeConfigured(NodeConfig.pepDefaults()),
        PubSubNode.NodeDeleted.INSTANCE,
        new PubSubNode.ItemPublished(new Item("i1", "alice@example.com/a", PAYLOAD, T)),
        new PubSubNode.ItemPublished(new Item("i2", "alice@example.com/a", null, T)),
        new PubSubNode.ItemRetracted("i1"),
        PubSubNode.NodePurged.INSTANCE,
        new PubSubNode.AffiliationSet("bob@example.com", Affiliation.PUBLISH_ONLY),
        new PubSubNode.SubscriptionSaved(new NodeSubscription("bob@example.com/b", "s1",
            NodeSubscription.State.PENDING, Map.of("pubsub#deliver", "false"))),
        new PubSubNode.SubscriptionRemoved("s1"),
        new PubSubDirectory.NodeListed("n"),
        new PubSubDirectory.NodeUnlisted("n"),
        new PubSubDirectory.VisibilityChanged("n", true),
        new PubSubDirectory.NodeReserved("n", T, T.plusSeconds(60)),
        new PubSubDirectory.ReservationReleased("n"));
    for (Object e : events) {
      assertThat(roundTrip(e)).isEqualTo(e);
    }
  }

  @Test
  void state_withItemsSubscriptionsAndAffiliations_roundTripsEqual() {
    NodeState state = NodeState.ABSENT
        .apply(new PubSubNode.NodeCreated(NodeConfig.serviceDefaults(5), "alice@example.com", T))
        .apply(new PubSubNode.ItemPublished(new Item("i1", "alice@example.com/a", PAYLOAD, T)))
        .apply(new PubSubNode.AffiliationSet("bob@example.com", Affiliation.MEMBER))
        .apply(new PubSubNode.SubscriptionSaved(new NodeSubscription("bob@example.com", "s1",
            NodeSubscription.State.SUBSCRIBED, Map.of())));
    assertThat(roundTrip(state)).isEqualTo(state);
    assertThat(roundTrip(NodeState.ABSENT)).isEqualTo(NodeState.ABSENT);
    PubSubDirectory.Names names = new PubSubDirectory.Names(Set.of("b", "a"));
    assertThat(roundTrip(names)).isEqualTo(names);
    PubSubDirectory.Names withOpen = new PubSubDirectory.Names(Set.of("b", "a"), Set.of("a"));
    assertThat(roundTrip(withOpen)).isEqualTo(withOpen);
    PubSubDirectory.Names withSlot = withOpen.reserving("c", T, T.plusSeconds(60));
    assertThat(roundTrip(withSlot)).isEqualTo(withSlot);
  }

  @Test
  void directoryNames_snapshotWrittenBeforeOpenExisted_readsWithNoOpenNodes() throws Exception {
    PubSubDirectory.Names names = new PubSubDirectory.Names(Set.of("a"));
    var serializer = serialization.findSerializerFor(names);
    String manifest = Serializers.manifestFor(serializer, names);
    byte[] old = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.cbor.CBORFactory())
        .writeValueAsBytes(Map.of("nodes", List.of("a", "b")));
    Object read = serialization.deserialize(old, serializer.identifier(), manifest).get();
    assertThat(read).isEqualTo(new PubSubDirectory.Names(Set.of("a", "b"), Set.of()));
  }

  @Test
  void commandsWithActorRefs_andReplies_roundTrip() {
    TestProbe<PubSubNode.Reply> probe = testKit.createTestProbe();
    var request = new PubSubNode.Request("alice@example.com/a", PAYLOAD,
        new Relation(true, Set.of("Friends")), probe.ref());
    assertThat(roundTrip(request)).isEqualTo(request);
    var noRelation = new PubSubNode.Request("alice@example.com/a", PAYLOAD, null, probe.ref());
    assertThat(roundTrip(noRelation)).isEqualTo(noRelation);
    var reply = new PubSubNode.Reply(PAYLOAD);
    assertThat(roundTrip(reply)).isEqualTo(reply);
    var authorize = new PubSubNode.Authorize("alice@example.com/a", PAYLOAD);
    assertThat(roundTrip(authorize)).isEqualTo(authorize);
    var last = new PubSubNode.SendLastItem("bob@example.com/b", null);
    assertThat(roundTrip(last)).isEqualTo(last);
    TestProbe<PubSubDirectory.Names> names = testKit.createTestProbe();
    var list = new PubSubDirectory.GetNodes(names.ref());
    assertThat(roundTrip(list)).isEqualTo(list);
    var visibility = new PubSubDirectory.SetVisibility("n", false);
    assertThat(roundTrip(visibility)).isEqualTo(visibility);
    TestProbe<PubSubDirectory.Reserved> slots = testKit.createTestProbe();
    var reserve = new PubSubDirectory.Reserve("n", 3, slots.ref());
    assertThat(roundTrip(reserve)).isEqualTo(reserve);
    var reserved = new PubSubDirectory.Reserved("n", true);
    assertThat(roundTrip(reserved)).isEqualTo(reserved);
    var release = new PubSubDirectory.Release("n");
    assertThat(roundTrip(release)).isEqualTo(release);
  }
}
