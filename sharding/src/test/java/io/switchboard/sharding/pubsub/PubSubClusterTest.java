package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.el;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.quota.AccountQuotas;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PubSubService#init} on a real single-node cluster: the sharded entities and directory. */
class PubSubClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** PEP nodes per account here: small, for the concurrent auto-create test. */
  private static final int PEP_NODES = 3;
  private static ActorTestKit testKit;
  private static PubSubService service;
  private static final QueueRouting notifications = new QueueRouting();
  private static final QueueRouting replies = new QueueRouting();

  @BeforeAll
  static void start() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        """)
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create("PubSubClusterTest", config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
      return null;
    });
    service = PubSubService.init(testKit.system(), 10,
        PubSubSettings.fromConfig(testKit.system().settings().config()),
        new PubSubService.Dependencies(notifications, OwnerRelations.none(),
            PepAudience.nobody(), Clock.systemUTC(), jid -> false),
        new AccountQuotas(1000, 1 << 20, 1000, PEP_NODES, 20, 512 << 10, 8 << 20, 200, 1000, 64));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static XmlElement iq(String to, String from, String type, XmlElement payload) {
    XmlElement iq = XmlElement.builder("iq", "jabber:client").attr("from", from).attr("to", to)
        .attr("type", type).attr("id", "c" + System.nanoTime()).child(payload).build();
    if (to.contains("@")) {
      service.handlePep(Jids.bare(to), iq, replies);
    } else {
      service.handle(iq, replies);
    }
    // The first request starts the shard coordinator and allocates a shard: allow for a slow machine.
    return replies.next(WAIT);
  }

  @Test
  void serviceAndPep_throughSharding_createPublishSubscribeList() {
    String svc = "pubsub.example.com";
    assertThat(iq(svc, "alice@example.com/a", "set", pubsub(ps("create", "node", "a/b c")))
        .attr("type")).isEqualTo("result");
    assertThat(iq(svc, "bob@example.com/b", "set", pubsub(ps("subscribe", "node", "a/b c", "jid",
        "bob@example.com/b"))).attr("type")).isEqualTo("result");
    assertThat(iq(svc, "alice@example.com/a", "set", publish("a/b c", "i1", entry("x")))
        .attr("type")).isEqualTo("result");
    assertThat(notifications.next(WAIT).attr("to")).isEqualTo("bob@example.com/b");

    assertThat(iq("carol@example.com", "carol@example.com/c", "set",
        publish("urn:xmpp:microblog:0", "p1", entry("pep"))).attr("type")).isEqualTo("result");

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      XmlElement items = iq(svc, "bob@example.com/b", "get",
          el("query", PubSubNamespaces.DISCO_ITEMS));
      assertThat(items.firstElement().orElseThrow().elements().stream().map(e -> e.attr("node")))
          .containsExactly("a/b c");
      XmlElement pep = iq("carol@example.com", "carol@example.com/c", "get",
          el("query", PubSubNamespaces.DISCO_ITEMS));
      assertThat(pep.firstElement().orElseThrow().elements().stream().map(e -> e.attr("node")))
          .containsExactly("urn:xmpp:microblog:0");
      // A presence-model PEP node is not listed to a stranger (issue #23 F11).
      XmlElement stranger = iq("carol@example.com", "bob@example.com/b", "get",
          el("query", PubSubNamespaces.DISCO_ITEMS));
      assertThat(stranger.firstElement().orElseThrow().elements()).isEmpty();
      return null;
    });
  }

  /**
   * Issue #23 F9: first publishes to distinct new PEP nodes, all in flight at once, through the
   * sharded nodes and directory: exactly the quota's worth are created, the rest are refused.
   * (Before the fix each one read the same node count from the directory and all were created.)
   */
  @Test
  void pepPublish_concurrentFirstPublishesToNewNodes_exactlyTheQuotaCreated() {
    String dave = "dave@example.com";
    int n = 12;
    // Wakes the directory and a node first, so the burst below is not serialized by shard start.
    assertThat(iq(dave, dave + "/d", "get", el("query", PubSubNamespaces.DISCO_ITEMS))
        .attr("type")).isEqualTo("result");
    List<CompletableFuture<XmlElement>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      XmlElement publish = XmlElement.builder("iq", "jabber:client").attr("from", dave + "/d")
          .attr("to", dave).attr("type", "set").attr("id", "burst" + i)
          .child(publish("urn:example:burst:" + i, "1", entry("x"))).build();
      answers.add(service.ask(publish).toCompletableFuture());
    }
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
        .orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();

    List<String> outcomes = answers.stream().map(CompletableFuture::join)
        .map(a -> "result".equals(a.attr("type")) ? "result" : PubSubFixture.pubsubCondition(a))
        .toList();
    assertThat(outcomes).filteredOn("result"::equals).hasSize(PEP_NODES);
    assertThat(outcomes).filteredOn("max-nodes-exceeded"::equals).hasSize(n - PEP_NODES);
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      XmlElement items = iq(dave, dave + "/d", "get", el("query", PubSubNamespaces.DISCO_ITEMS));
      assertThat(items.firstElement().orElseThrow().elements()).hasSize(PEP_NODES);
      return null;
    });
    // The account is full, not stuck: an existing node still takes publishes.
    String created = answers.stream().map(CompletableFuture::join)
        .filter(a -> "result".equals(a.attr("type"))).findFirst().orElseThrow()
        .child("pubsub", PubSubNamespaces.PUBSUB).orElseThrow()
        .child("publish", PubSubNamespaces.PUBSUB).orElseThrow().attr("node");
    assertThat(iq(dave, dave + "/d", "set", publish(created, "2", entry("y"))).attr("type"))
        .isEqualTo("result");
  }
}
