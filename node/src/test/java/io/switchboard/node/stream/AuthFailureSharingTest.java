package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.persistence.testkit.Await;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auth throttle counts cluster-wide (issue #23 F3): two cluster members in one JVM (Artery over
 * loopback, so the outcomes travel serialized), each with its own throttle; wrong passwords seen by
 * one member back the pair off on the other, and a correct password on one clears it on both.
 */
class AuthFailureSharingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static ActorTestKit first;
  private static ActorTestKit second;
  private static AuthThrottle onFirst;
  private static AuthThrottle onSecond;

  private static ActorTestKit member() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.seed-nodes = []
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.actor.serialize-messages = off
        """).withFallback(ConfigFactory.load());
    return ActorTestKit.create("AuthSharing", config);
  }

  @BeforeAll
  static void start() throws InterruptedException {
    first = member();
    second = member();
    Cluster c1 = Cluster.get(first.system());
    Cluster c2 = Cluster.get(second.system());
    c1.manager().tell(Join.create(c1.selfMember().address()));
    c2.manager().tell(Join.create(c1.selfMember().address()));
    Await.until("two members up", WAIT, () -> members(c1) == 2
        && members(c2) == 2
        && java.util.stream.StreamSupport.stream(c1.state().getMembers().spliterator(), false)
            .allMatch(m -> m.status() == MemberStatus.up()));
    AuthThrottle.Settings settings = C2sSettings.fromConfig(ConfigFactory.defaultReference()).authThrottle();
    onFirst = new AuthThrottle(settings, Clock.systemUTC());
    onSecond = new AuthThrottle(settings, Clock.systemUTC());
    AuthFailureSharing.start(first.system(), onFirst);
    AuthFailureSharing.start(second.system(), onSecond);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.shutdownTestKit();
    }
    if (first != null) {
      first.shutdownTestKit();
    }
  }

  @Test
  void failed_onOneMember_backsThePairOffOnTheOther() throws Exception {
    PeerAddresses.Key attacker = PeerAddresses.key(InetAddress.getByName("2001:db8:1:2::7"));
    // The topic's subscriptions spread through the receptionist: keep failing until the other
    // member has seen enough of them (each one counts; five are free).
    Await.until("a failure on the first member backs the pair off on the second", WAIT, () -> {
      onFirst.failed(attacker, "alice");
      return onSecond.waitMillis(attacker, "alice") > 0;
    });
    PeerAddresses.Key sameSlash64 = PeerAddresses.key(InetAddress.getByName("2001:db8:1:2::99"));
    assertThat(onSecond.waitMillis(sameSlash64, "alice")).as("IPv6 counted per /64").isPositive();
    assertThat(onSecond.waitMillis(attacker, "bob")).isZero();

    onFirst.succeeded(attacker, "alice");
    Await.until("a success on the first member clears the pair on the second", WAIT,
        () -> onSecond.waitMillis(attacker, "alice") == 0);
  }

  private static long members(Cluster c) {
    return java.util.stream.StreamSupport.stream(c.state().getMembers().spliterator(), false).count();
  }
}
