package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.node.testing.TwoMembers;
import io.switchboard.persistence.testkit.Await;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
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
  private static TwoMembers members;
  private static AuthThrottle onFirst;
  private static AuthThrottle onSecond;

  @BeforeAll
  static void start() throws InterruptedException {
    members = TwoMembers.start("AuthSharing", WAIT);
    AuthThrottle.Settings settings = C2sSettings.fromConfig(ConfigFactory.defaultReference()).authThrottle();
    onFirst = new AuthThrottle(settings, Clock.systemUTC());
    onSecond = new AuthThrottle(settings, Clock.systemUTC());
    AuthFailureSharing.start(members.first.system(), onFirst);
    AuthFailureSharing.start(members.second.system(), onSecond);
  }

  @AfterAll
  static void stop() {
    if (members != null) {
      members.close();
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
}
