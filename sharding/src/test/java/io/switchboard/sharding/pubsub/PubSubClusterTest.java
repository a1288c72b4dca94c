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
import java.time.Clock;
import java.time.Duration;
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
            PepAudience.nobody(), Clock.systemUTC(), jid -> false));
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
}
