package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.itemIds;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.Reply;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.testing.RecordingRouting;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #23 F9: a node with an {@link ItemStore} keeps payloads only for its newest items, stores
 * each payload before its event, reads older ones when asked, and deletes rows no longer referred
 * to. The entity alone, with serialization checks on, and a store in memory.
 */
class StoredItemsTest {
  private static final String SERVICE = "pubsub.example.com";
  private static final String ALICE = "alice@example.com/phone";
  private static final int CACHE = 3;

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final RecordingRouting routed = new RecordingRouting();
  private final MemoryItemStore store = new MemoryItemStore();
  private EventSourcedBehaviorTestKit<Command, Event, NodeState> kit;

  @BeforeEach
  void start() {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    PubSubNode.Deps deps = new PubSubNode.Deps(routed, OwnerRelations.none(), PepAudience.nobody(),
        Clock.fixed(PubSubFixture.NOW, ZoneOffset.UTC), jid -> false, new PubSubNode.NodeRegistry() {
          @Override
          public void created(String service, String node) {}

          @Override
          public void deleted(String service, String node) {}
        }, io.switchboard.sharding.feed.FeedAttachments.NONE,
        io.switchboard.sharding.quota.AccountQuotas.DEFAULTS,
        io.switchboard.sharding.EntityLifecycle.NONE, store);
    PubSubSettings settings = new PubSubSettings(PubSubSettings.CreationPolicy.LOCAL_USERS,
        Duration.ofMinutes(1), 7, 2, 50, 30, 2, Duration.ofSeconds(3), 100, "", "", CACHE);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        PubSubNode.create(SERVICE, "blog", shard.ref(), settings, deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
    send("set", pubsub(ps("create", "node", "blog")));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<Command, Event, NodeState, Reply> send(String type,
      XmlElement payload) {
    XmlElement iq = XmlElement.builder("iq", "jabber:client").attr("from", ALICE)
        .attr("to", SERVICE).attr("type", type).attr("id", "r1").child(payload).build();
    return kit.runCommand(replyTo -> new Request(ALICE, iq, null, replyTo));
  }

  private void publishAll(int n) {
    for (int i = 1; i <= n; i++) {
      var r = send("set", publish("blog", "i" + i, entry("entry " + i)));
      assertThat(r.reply().stanza().attr("type")).isEqualTo("result");
    }
  }

  private static long payloadsHeld(NodeState state) {
    return state.items().stream().filter(i -> i.payload() != null).count();
  }

  private static XmlElement items(String... attrs) {
    return pubsub(ps("items", attrs));
  }

  private static List<XmlElement> payloads(XmlElement result) {
    return result.child("pubsub", PubSubNamespaces.PUBSUB).orElseThrow()
        .child("items", PubSubNamespaces.PUBSUB).orElseThrow()
        .elements("item", PubSubNamespaces.PUBSUB).stream()
        .map(i -> i.firstElement().orElse(null)).toList();
  }

  @Test
  void publishingMoreThanTheCache_stateHoldsOnlyTheCachedPayloads_beforeAndAfterRecovery() {
    publishAll(12);

    assertThat(kit.getState().items()).hasSize(12);
    assertThat(payloadsHeld(kit.getState())).isEqualTo(CACHE);
    assertThat(kit.getState().items().subList(12 - CACHE, 12))
        .extracting(Item::payload).containsExactly(entry("entry 10"), entry("entry 11"), entry("entry 12"));
    assertThat(store.rows).hasSize(12);

    kit.restart();

    assertThat(kit.getState().items()).hasSize(12);
    assertThat(payloadsHeld(kit.getState())).isEqualTo(CACHE);
  }

  @Test
  void eventCarriesRefAndPayload_storedUnderTheRefBeforeIt() {
    var r = send("set", publish("blog", "a", entry("a")));

    Item item = r.eventOfType(ItemPublished.class).item();
    assertThat(item.ref()).isNotNull();
    assertThat(item.payload()).isEqualTo(entry("a"));
    assertThat(item.bytes()).isEqualTo(ItemBytes.measure(new Item("a", ALICE, entry("a"),
        PubSubFixture.NOW)));
    assertThat(store.rows).containsEntry(SERVICE + "/blog/" + item.ref(), entry("a"));
  }

  @Test
  void itemsBeyondTheCache_retrievedByIdAndNewestN_afterRestart_fromTheStore() {
    publishAll(10);
    kit.restart();
    int readsBefore = store.reads.get();

    var byId = send("get", pubsub(XmlElement.builder("items", PubSubNamespaces.PUBSUB)
        .attr("node", "blog").child(ps("item", "id", "i1")).child(ps("item", "id", "i9")).build()));
    assertThat(itemIds(byId.reply().stanza())).containsExactly("i1", "i9");
    assertThat(payloads(byId.reply().stanza())).containsExactly(entry("entry 1"), entry("entry 9"));

    var newest = send("get", items("node", "blog", "max_items", "5"));
    assertThat(itemIds(newest.reply().stanza())).containsExactly("i10", "i9", "i8", "i7", "i6");
    assertThat(payloads(newest.reply().stanza())).containsExactly(entry("entry 10"),
        entry("entry 9"), entry("entry 8"), entry("entry 7"), entry("entry 6"));
    // One batched read per request.
    assertThat(store.reads.get() - readsBefore).isEqualTo(2);
  }

  @Test
  void cachedItemsOnly_noStoreRead() {
    publishAll(10);
    int readsBefore = store.reads.get();

    var newest = send("get", items("node", "blog", "max_items", "" + CACHE));

    assertThat(itemIds(newest.reply().stanza())).containsExactly("i10", "i9", "i8");
    assertThat(store.reads.get()).isEqualTo(readsBefore);
  }

  @Test
  void rsmPageBeyondTheCache_readFromTheStore() {
    publishAll(8);
    XmlElement set = XmlElement.builder("set", PubSubNamespaces.RSM).textChild("max", "2")
        .textChild("after", "i4").build();

    var page = send("get", pubsub(ps("items", "node", "blog"), set));

    assertThat(itemIds(page.reply().stanza())).containsExactly("i3", "i2");
    assertThat(payloads(page.reply().stanza())).containsExactly(entry("entry 3"), entry("entry 2"));
  }

  @Test
  void failedStoreWrite_refusesThePublish_noEvent_internalServerErrorWait() {
    publishAll(2);
    store.failWrites = true;

    var r = send("set", publish("blog", "x", entry("x")));

    assertThat(r.hasNoEvents()).isTrue();
    assertThat(PubSubFixture.condition(r.reply().stanza())).isEqualTo("internal-server-error");
    assertThat(PubSubFixture.errorType(r.reply().stanza())).isEqualTo("wait");
    assertThat(kit.getState().items()).extracting(Item::id).containsExactly("i1", "i2");
    // The entity goes on: the next publish, with the store back, is written.
    store.failWrites = false;
    assertThat(send("set", publish("blog", "y", entry("y"))).reply().stanza().attr("type"))
        .isEqualTo("result");
  }

  @Test
  void failedStoreRead_internalServerErrorWait() {
    publishAll(6);
    store.failReads = true;

    var r = send("get", items("node", "blog"));

    assertThat(PubSubFixture.condition(r.reply().stanza())).isEqualTo("internal-server-error");
    assertThat(PubSubFixture.errorType(r.reply().stanza())).isEqualTo("wait");
  }

  @Test
  void retractReplacePurge_deleteTheRowsTheyStopReferringTo() {
    publishAll(5);
    assertThat(store.rows).hasSize(5);

    send("set", pubsub(XmlElement.builder("retract", PubSubNamespaces.PUBSUB).attr("node", "blog")
        .child(ps("item", "id", "i1")).build()));
    assertThat(store.rows).hasSize(4);

    send("set", publish("blog", "i2", entry("again")));
    assertThat(store.rows).hasSize(4).containsValue(entry("again"))
        .doesNotContainValue(entry("entry 2"));

    send("set", PubSubFixture.owner(PubSubFixture.el("purge", PubSubNamespaces.OWNER,
        "node", "blog")));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void purge_sweepsRowsNoEventReferredTo_olderThanThePurge() {
    publishAll(2);
    // As a crash between storing a payload and persisting its event leaves it.
    store.rows.put(SERVICE + "/blog/orphan", entry("orphan"));
    store.stamps.put(SERVICE + "/blog/orphan", PubSubFixture.NOW.minusSeconds(60));

    send("set", PubSubFixture.owner(PubSubFixture.el("purge", PubSubNamespaces.OWNER,
        "node", "blog")));

    assertThat(store.rows).isEmpty();
  }

  @Test
  void trimBeyondMaxItems_andDelete_deleteTheRows() {
    publishAll(32);
    // max_items is 30 (the service default here).
    assertThat(kit.getState().items()).hasSize(30);
    assertThat(store.rows).hasSize(30);

    send("set", PubSubFixture.owner(PubSubFixture.el("delete", PubSubNamespaces.OWNER,
        "node", "blog")));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void lastItemOlderThanTheCache_sentOnSubscribe_readFromTheStore() {
    publishAll(6);
    for (String id : List.of("i6", "i5", "i4")) {
      send("set", pubsub(XmlElement.builder("retract", PubSubNamespaces.PUBSUB)
          .attr("node", "blog").child(ps("item", "id", id)).build()));
    }
    assertThat(kit.getState().lastItem().cached()).isFalse();
    routed.drain();

    var sub = send("set", pubsub(ps("subscribe", "node", "blog", "jid", ALICE)));
    assertThat(sub.reply().stanza().attr("type")).isEqualTo("result");

    XmlElement last = routed.drain().stream().filter(m -> m.name().equals("message")
        && m.child("event", PubSubNamespaces.EVENT).isPresent()).findFirst().orElseThrow();
    XmlElement item = PubSubFixture.event(last).firstElement().orElseThrow();
    assertThat(item.attr("id")).isEqualTo("i3");
    assertThat(item.firstElement()).contains(entry("entry 3"));
  }
}
