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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.jxmpp.jid.DomainBareJid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two cluster members in one JVM (Artery over loopback, so every message between them is
 * serialized): a component connection registered from one member receives stanzas delivered from
 * the other, for domains whose entities land on either member.
 */
class ComponentSessionClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<DomainBareJid> DOMAINS = new ArrayList<>();
  private static ActorTestKit first;
  private static ActorTestKit second;
  private static ComponentRoutes routesOnFirst;
  private static ComponentRoutes routesOnSecond;
  private static final RecordingRouting bouncesFirst = new RecordingRouting();
  private static final RecordingRouting bouncesSecond = new RecordingRouting();

  private static ActorTestKit member(String name) {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.actor.serialize-messages = off
        """).withFallback(ConfigFactory.load());
    return ActorTestKit.create("ComponentCluster", config);
  }

  @BeforeAll
  static void start() {
    first = member("first");
    second = member("second");
    Cluster c1 = Cluster.get(first.system());
    Cluster c2 = Cluster.get(second.system());
    c1.manager().tell(Join.create(c1.selfMember().address()));
    c2.manager().tell(Join.create(c1.selfMember().address()));
    TestProbe<Object> probe = first.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertThat(c1.state().getMembers()).hasSize(2)
          .allSatisfy(m -> assertThat(m.status()).isEqualTo(MemberStatus.up()));
      return null;
    });
    for (int i = 0; i < 8; i++) {
      DOMAINS.add(Jids.domain("c" + i + ".example.com"));
    }
    routesOnFirst = new ComponentRoutes(ClusterSharding.get(first.system()), Set.copyOf(DOMAINS));
    routesOnSecond = new ComponentRoutes(ClusterSharding.get(second.system()), Set.copyOf(DOMAINS));
    ComponentSession.init(first.system(), 10, bouncesFirst);
    ComponentSession.init(second.system(), 10, bouncesSecond);
  }

  @AfterAll
  static void stop() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }

  @Test
  void deliver_fromOtherMember_reachesConnectionRegisteredOnThisOne() {
    // Eight domains over ten shards on two members: normally some entities live on each member.
    for (DomainBareJid domain : DOMAINS) {
      TestProbe<ConnectionMessage> conn = first.createTestProbe();
      assertThat(routesOnFirst.register(domain, conn.getRef(), WAIT).toCompletableFuture().join())
          .isEqualTo(ComponentSession.Accepted.INSTANCE);
      XmlElement msg = message("juliet@example.com/balcony", "bot@" + domain, "chat", "across <the> cluster");

      routesOnSecond.deliver(msg);

      assertThat(conn.expectMessageClass(ConnectionMessage.Deliver.class, WAIT).stanza()).isEqualTo(msg);
      TestProbe<ConnectionMessage> rival = second.createTestProbe();
      assertThat(routesOnSecond.register(domain, rival.getRef(), WAIT).toCompletableFuture().join())
          .isEqualTo(new ComponentSession.Refused("conflict"));
      routesOnSecond.unregister(domain, conn.getRef());
    }
  }

  @Test
  void deliver_noConnection_bounceIsRoutedOnTheEntitysMember() {
    DomainBareJid domain = Jids.domain("idle.example.com");
    ComponentRoutes first1 = new ComponentRoutes(ClusterSharding.get(first.system()), Set.of(domain));

    first1.deliver(message("juliet@example.com/balcony", "idle.example.com", "chat", "x"));

    TestProbe<Object> probe = first.createTestProbe();
    XmlElement bounce = probe.awaitAssert(WAIT, () -> {
      List<XmlElement> all = new ArrayList<>(bouncesFirst.drain());
      all.addAll(bouncesSecond.drain());
      assertThat(all).hasSize(1);
      return all.get(0);
    });
    assertThat(Xml.errorCondition(bounce)).isEqualTo("service-unavailable");
  }
}
