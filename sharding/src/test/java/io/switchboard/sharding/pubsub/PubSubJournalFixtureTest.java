package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.testing.JournalFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #23 F9 compatibility and cost: events and a snapshot written before item payloads moved
 * out of the node entity (commit 0713eb4, {@code journal-fixture/pubsub-journal-0713eb4.json}, see
 * its README) still read, their items held inline and counted as cached; and what a snapshot of a
 * full node weighs with payloads inline against payloads in the store.
 */
class PubSubJournalFixtureTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static JsonNode fixture;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    serialization = SerializationExtension.get(testKit.system().classicSystem());
    fixture = JournalFixture.load("pubsub-journal-0713eb4.json");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Object read(JsonNode entry) {
    return JournalFixture.read(serialization, entry);
  }

  private static byte[] bytes(Object value) {
    return serialization.serialize(value).get();
  }

  @Test
  void oldEventsAndSnapshot_read_itemsInlineAndCached() {
    List<PubSubNode.Event> events = new ArrayList<>();
    fixture.get("events").forEach(e -> events.add((PubSubNode.Event) read(e)));
    NodeState replayed = NodeState.ABSENT;
    for (PubSubNode.Event e : events) {
      replayed = replayed.apply(e).evictBeyond(1);
    }
    NodeState snapshot = (NodeState) read(fixture.get("snapshot"));

    assertThat(replayed).isEqualTo(snapshot);
    Item last = snapshot.lastItem();
    assertThat(last.id()).isEqualTo("item-3");
    assertThat(last.ref()).isNull();
    assertThat(last.bytes()).isZero();
    assertThat(last.cached()).isTrue();
    assertThat(last.payload()).isEqualTo(XmlElement.builder("tune", "http://jabber.org/protocol/tune")
        .textChild("title", "Song 3").build());
    assertThat(ItemBytes.of(last)).isEqualTo(ItemBytes.measure(last)).isPositive();
    // An old item never loses its payload to the cache: nothing else holds it.
    assertThat(snapshot.evictBeyond(0).items()).isNotEmpty().allMatch(i -> i.payload() != null);
  }

  /**
   * A node of 1,000 items of 4 KiB each: its serialized state (a snapshot) with every payload
   * inline, as before, and with payloads in the store and the default cache of 8.
   */
  @Test
  void snapshotOfAThousand4KiBItems_inlineAgainstStored() {
    NodeState inline = full(false);
    NodeState stored = full(true).evictBeyond(PubSubSettings.DEFAULT_ITEM_CACHE);

    int before = bytes(inline).length;
    int after = bytes(stored).length;
    System.out.printf("pubsub node snapshot, 1000 items x 4 KiB: inline %d bytes, stored (cache %d) %d bytes%n",
        before, PubSubSettings.DEFAULT_ITEM_CACHE, after);

    assertThat(before).isGreaterThan(1000 * 4096);
    assertThat(after).isLessThan(before / 20);
    assertThat(stored.items()).filteredOn(i -> i.payload() != null)
        .hasSize(PubSubSettings.DEFAULT_ITEM_CACHE);
  }

  private static NodeState full(boolean withRefs) {
    Instant t = Instant.parse("2026-12-07T11:00:00Z");
    NodeState s = NodeState.ABSENT.apply(new PubSubNode.NodeCreated(
        NodeConfig.serviceDefaults(1000), "alice@example.com", t));
    String text = "x".repeat(4096);
    for (int i = 0; i < 1000; i++) {
      XmlElement payload = XmlElement.builder("entry", "http://www.w3.org/2005/Atom")
          .textChild("content", text).build();
      Item item = new Item("item-" + i, "alice@example.com/desk", payload, t.plusSeconds(i));
      if (withRefs) {
        item = new Item(item.id(), item.publisher(), payload, item.stamp(),
            UUID.randomUUID().toString(), ItemBytes.measure(item));
      }
      s = s.apply(new PubSubNode.ItemPublished(item));
    }
    return s;
  }
}
