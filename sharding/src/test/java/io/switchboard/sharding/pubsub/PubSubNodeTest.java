package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.configForm;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.Reply;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.testing.RecordingRouting;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity alone: which events each request persists, the state they lead to, recovery, with
 * serialization checks on for commands, events and state.
 */
class PubSubNodeTest {
  private static final String SERVICE = "pubsub.example.com";
  private static final String ALICE = "alice@example.com/phone";

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final RecordingRouting routed = new RecordingRouting();
  private final List<String> registered = new ArrayList<>();
  private EventSourcedBehaviorTestKit<Command, Event, NodeState> kit;
  private PubSubNode.Deps deps;
  private PubSubSettings settings;

  @BeforeEach
  void start() {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    deps = new PubSubNode.Deps(routed, OwnerRelations.none(),
        PepAudience.nobody(), Clock.fixed(PubSubFixture.NOW, ZoneOffset.UTC), jid -> false,
        new PubSubNode.NodeRegistry() {
          @Override
          public void created(String service, String node) {
            registered.add("+" + node);
          }

          @Override
          public void deleted(String service, String node) {
            registered.add("-" + node);
          }
        });
    settings = new PubSubSettings(PubSubSettings.CreationPolicy.LOCAL_USERS,
        java.time.Duration.ofMinutes(1), 3, 2, 50, 5, 2, java.time.Duration.ofSeconds(3), 100, "", "");
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        PubSubNode.create(SERVICE, "blog", shard.ref(), settings, deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
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

  @Test
  void create_persistsNodeCreatedWithCreatorAsOwner_andRegistersIt() {
    var result = send("set", pubsub(ps("create", "node", "blog")));

    assertThat(result.reply().stanza().attr("type")).isEqualTo("result");
    NodeCreated created = result.eventOfType(NodeCreated.class);
    assertThat(created.owner()).isEqualTo("alice@example.com");
    assertThat(created.config().maxItems()).isEqualTo(5);
    assertThat(result.state().affiliations()).containsEntry("alice@example.com",
        Affiliation.OWNER);
    assertThat(registered).containsExactly("+blog");
  }

  @Test
  void publish_persistsItem_trimsToMaxItems_andRecovers() {
    send("set", XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .child(ps("create", "node", "blog"))
        .child(XmlElement.builder("configure", PubSubNamespaces.PUBSUB)
            .child(configForm("pubsub#max_items", "2")))
        .build());
    for (String id : List.of("a", "b", "c", "d")) {
      var r = send("set", publish("blog", id, entry(id)));
      assertThat(r.eventOfType(ItemPublished.class).item().id()).isEqualTo(id);
    }
    assertThat(kit.getState().items()).extracting(Item::id).containsExactly("c", "d");

    kit.restart();

    assertThat(kit.getState().items()).extracting(Item::id).containsExactly("c", "d");
    assertThat(kit.getState().items().get(1).payload()).isEqualTo(entry("d"));
    assertThat(kit.getState().items().get(1).stamp()).isEqualTo(PubSubFixture.NOW);
  }

  @Test
  void recovery_existingNode_listsItselfAgain() {
    send("set", pubsub(ps("create", "node", "blog")));

    kit.restart();

    // A node that died between writing its creation and telling the directory heals it.
    assertThat(registered).containsExactly("+blog", "+blog");
  }

  @Test
  void errors_persistNothing() {
    var r = send("set", publish("blog", "a", entry("a")));
    assertThat(r.hasNoEvents()).isTrue();
    assertThat(PubSubFixture.condition(r.reply().stanza())).isEqualTo("item-not-found");
  }

  @Test
  void delete_returnsToAbsent_andNameCanBeCreatedAgain() {
    send("set", pubsub(ps("create", "node", "blog")));
    send("set", publish("blog", "a", entry("a")));
    var del = send("set", PubSubFixture.owner(PubSubFixture.el("delete", PubSubNamespaces.OWNER,
        "node", "blog")));
    assertThat(del.event()).isEqualTo(PubSubNode.NodeDeleted.INSTANCE);
    assertThat(del.state().exists()).isFalse();
    assertThat(registered).containsExactly("+blog", "-blog");

    var again = send("set", pubsub(ps("create", "node", "blog")));
    assertThat(again.state().items()).isEmpty();
  }

  @Test
  void subscribe_persistsSubscription_unsubscribeRemovesIt() {
    send("set", pubsub(ps("create", "node", "blog")));
    var sub = send("set", pubsub(ps("subscribe", "node", "blog", "jid", ALICE)));
    NodeSubscription s = sub.eventOfType(PubSubNode.SubscriptionSaved.class).subscription();
    assertThat(s.jid()).isEqualTo(ALICE);
    assertThat(s.state()).isEqualTo(NodeSubscription.State.SUBSCRIBED);

    var unsub = send("set", pubsub(ps("unsubscribe", "node", "blog", "jid", ALICE,
        "subid", s.subid())));
    assertThat(unsub.event()).isEqualTo(new PubSubNode.SubscriptionRemoved(s.subid()));
    assertThat(unsub.state().subscriptions()).isEmpty();
  }

  @Test
  void sendLastItem_onServiceNodeWithOnSub_sendsNothing() {
    send("set", pubsub(ps("create", "node", "blog")));
    send("set", publish("blog", "a", entry("a")));
    routed.drain();
    kit.runCommand(new PubSubNode.SendLastItem("bob@example.com/x", Relation.NONE));
    // on_sub only: presence-triggered delivery is for on_sub_and_presence nodes.
    var state = kit.runCommand(PubSubNode.GetState::new);
    assertThat(state.reply().items()).hasSize(1);
    assertThat(routed.drain()).isEmpty();
  }

  @Test
  void subscribesArrivingTogether_areWrittenInFewWrites_andEachAnsweredAfterItsWrite()
      throws Exception {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<Command> node = testKit.spawn(
        PubSubNode.create(SERVICE, "storm", shard.ref(), settings, deps));
    TestProbe<Reply> replies = testKit.createTestProbe();
    node.tell(new Request(ALICE, iq(ALICE, "create", pubsub(ps("create", "node", "storm"))), null,
        replies.ref()));
    assertThat(replies.receiveMessage().stanza().attr("type")).isEqualTo("result");

    // The first subscribe's write is held until every other request is in the mailbox, so the
    // rest necessarily arrive while a write is in flight.
    CountDownLatch allSent = new CountDownLatch(1);
    List<Integer> writes = new CopyOnWriteArrayList<>();
    PersistenceTestKit journal = kit.persistenceTestKit();
    journal.withPolicy((pid, op) -> {
      if (op instanceof WriteEvents w && pid.endsWith("/storm")) {
        if (writes.isEmpty()) {
          try {
            allSent.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        writes.add(w.getBatch().size());
      }
      return ProcessingSuccess.getInstance();
    });
    try {
      int n = 200;
      for (int i = 0; i < n; i++) {
        String jid = "user" + i + "@example.com/r";
        node.tell(new Request(jid, iq(jid, "s" + i,
            pubsub(ps("subscribe", "node", "storm", "jid", jid))), null, replies.ref()));
      }
      allSent.countDown();

      Set<String> answered = new HashSet<>();
      for (int i = 0; i < n; i++) {
        XmlElement answer = replies.receiveMessage(java.time.Duration.ofSeconds(10)).stanza();
        assertThat(answer.attr("type")).as(answer.toString()).isEqualTo("result");
        answered.add(answer.attr("id"));
      }
      assertThat(answered).hasSize(n);

      TestProbe<NodeState> state = testKit.createTestProbe();
      node.tell(new PubSubNode.GetState(state.ref()));
      assertThat(state.receiveMessage().subscriptions()).hasSize(n);
      assertThat(writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
      assertThat(writes).allMatch(size -> size <= GroupCommit.MAX_EVENTS);
      assertThat(writes.size()).as("writes %s", writes)
          .isLessThanOrEqualTo(2 + (n - 1) / GroupCommit.MAX_EVENTS);
    } finally {
      journal.resetPolicy();
      testKit.stop(node);
    }
  }

  private static XmlElement iq(String from, String id, XmlElement payload) {
    return XmlElement.builder("iq", "jabber:client").attr("from", from).attr("to", SERVICE)
        .attr("type", "set").attr("id", id).child(payload).build();
  }
}
