package io.switchboard.sharding.component;

import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.testing.RecordingRouting;
import io.switchboard.sharding.testing.Xml;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.jxmpp.jid.DomainBareJid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shard hand-off when a member leaves: the registrations live only in memory, so an entity that
 * moves tells its connection to re-register ({@link ConnectionMessage.Rebind}); until it does, its
 * new incarnation answers {@code service-unavailable}, and after it does, stanzas flow again.
 */
class ComponentSessionHandOffTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static ActorTestKit staying;
  private static ActorTestKit leaving;
  private static final RecordingRouting bounces = new RecordingRouting();

  private static ActorTestKit member() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.coordinated-shutdown.terminate-actor-system = off
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        """).withFallback(ConfigFactory.load());
    return ActorTestKit.create("ComponentHandOff", config);
  }

  @BeforeAll
  static void start() {
    staying = member();
    leaving = member();
    Cluster c1 = Cluster.get(staying.system());
    c1.manager().tell(Join.create(c1.selfMember().address()));
    Cluster.get(leaving.system()).manager().tell(Join.create(c1.selfMember().address()));
    staying.createTestProbe().awaitAssert(WAIT, () -> {
      assertThat(c1.state().getMembers()).hasSize(2)
          .allSatisfy(m -> assertThat(m.status()).isEqualTo(MemberStatus.up()));
      return null;
    });
    ComponentSession.init(staying.system(), 10, bounces);
    ComponentSession.init(leaving.system(), 10, new RecordingRouting());
    // The test needs shards on both members: the coordinator allocates only to regions that have
    // registered with it, and under load the second one registered after the first allocations
    // (every shard went to one member: "shards were allocated to both members" failed).
    staying.createTestProbe().awaitAssert(WAIT, () -> {
      ShardRegion.ClusterShardingStats stats = AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
          ClusterSharding.get(staying.system()).shardState(),
          replyTo -> new GetClusterShardingStats(ComponentSession.TYPE_KEY, Duration.ofSeconds(2), replyTo),
          Duration.ofSeconds(3), staying.system().scheduler()).toCompletableFuture().join();
      assertThat(stats.getRegions()).as("regions registered with the coordinator").hasSize(2);
      return null;
    });
  }

  @AfterAll
  static void stop() {
    leaving.shutdownTestKit();
    staying.shutdownTestKit();
  }

  @Test
  void memberLeaves_movedEntitiesAskForRebind_andServeAgainAfterReRegister() {
    Map<DomainBareJid, TestProbe<ConnectionMessage>> connections = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      connections.put(Jids.domain("h" + i + ".example.com"), staying.createTestProbe());
    }
    ComponentRoutes routes = new ComponentRoutes(ClusterSharding.get(staying.system()), connections.keySet());
    connections.forEach((domain, probe) -> assertThat(
        routes.register(domain, probe.getRef(), WAIT).toCompletableFuture().join())
        .isEqualTo(ComponentSession.Accepted.INSTANCE));

    Cluster c2 = Cluster.get(leaving.system());
    c2.manager().tell(Leave.create(c2.selfMember().address()));
    Cluster c1 = Cluster.get(staying.system());
    staying.createTestProbe().awaitAssert(WAIT, () -> {
      assertThat(c1.state().getMembers()).hasSize(1);
      return null;
    });

    // Deliver to every domain before anyone re-registers: the connections of moved entities were
    // told to rebind and the moved entities bounce; the others still deliver.
    Set<DomainBareJid> rebound = new HashSet<>();
    Set<DomainBareJid> bounced = new HashSet<>();
    for (Map.Entry<DomainBareJid, TestProbe<ConnectionMessage>> e : connections.entrySet()) {
      routes.deliver(message("juliet@example.com/b", e.getKey().toString(), "chat", "1"));
      ConnectionMessage first = e.getValue().receiveMessage(WAIT);
      if (first == ConnectionMessage.Rebind.INSTANCE) {
        rebound.add(e.getKey());
        XmlElement bounce = bounces.next();
        assertThat(Xml.errorCondition(bounce)).isEqualTo("service-unavailable");
        bounced.add(Jids.domain(bounce.attr("from")));
      } else {
        assertThat(first).isInstanceOf(ConnectionMessage.Deliver.class);
      }
    }
    assertThat(rebound).as("shards were allocated to both members").isNotEmpty();
    assertThat(bounced).isEqualTo(rebound);

    for (DomainBareJid domain : rebound) {
      TestProbe<ConnectionMessage> probe = connections.get(domain);
      assertThat(routes.register(domain, probe.getRef(), WAIT).toCompletableFuture().join())
          .isEqualTo(ComponentSession.Accepted.INSTANCE);
      routes.deliver(message("juliet@example.com/b", domain.toString(), "chat", "2"));
      assertThat(probe.expectMessageClass(ConnectionMessage.Deliver.class, WAIT).stanza().attr("to"))
          .isEqualTo(domain.toString());
    }
  }
}
