package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.config.NodeSettings.Registration;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.node.testing.TwoMembers;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open registration's per-address limit counts across the cluster (issue #23 F2): two members in one
 * JVM, each with its own policy; attempts accepted on one use up the address's allowance on the
 * other, and a different address is not touched.
 */
class RegistrationSharingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX = 3;
  private static TwoMembers members;
  private static RegistrationPolicy onFirst;
  private static RegistrationPolicy onSecond;

  @BeforeAll
  static void start() throws InterruptedException {
    members = TwoMembers.start("RegistrationSharing", WAIT);
    RegistrationSettings settings = new RegistrationSettings(Registration.OPEN, MAX, Duration.ofHours(1));
    onFirst = new RegistrationPolicy(settings, Clock.systemUTC());
    onSecond = new RegistrationPolicy(settings, Clock.systemUTC());
    RegistrationSharing.start(members.first.system(), onFirst);
    RegistrationSharing.start(members.second.system(), onSecond);
  }

  @AfterAll
  static void stop() {
    if (members != null) {
      members.close();
    }
  }

  @Test
  void attemptsOnOneMember_useUpTheAddressOnTheOther() throws Exception {
    // The topic's subscriptions spread through the receptionist, and an attempt published before
    // that reaches nobody: each round uses up a fresh address on the first member (which then
    // refuses it, counting nothing more) and looks whether the second member limits it too, having
    // counted nothing itself.
    PeerAddresses.Key spammer = null;
    boolean shared = false;
    for (int round = 1; round <= 20 && !shared; round++) {
      spammer = PeerAddresses.key(InetAddress.getByName("2001:db8:7:" + round + "::1"));
      assertThat(onSecond.limited(spammer)).isFalse();
      for (int i = 0; i < MAX; i++) {
        assertThat(onFirst.mayCreate(spammer, Jids.bare("spam" + round + "x" + i + "@example.com"), Optional.empty()))
            .isEmpty();
      }
      assertThat(onFirst.limited(spammer)).isTrue();
      PeerAddresses.Key sent = spammer;
      shared = Await.quietly(Duration.ofSeconds(3), () -> onSecond.limited(sent));
    }
    assertThat(shared).as("the first member's attempts limit the address on the second").isTrue();
    assertThat(onSecond.mayCreate(spammer, Jids.bare("late@example.com"), Optional.empty()))
        .map(e -> e.condition()).contains(StanzaErrorCondition.POLICY_VIOLATION);
    assertThat(onSecond.mayCreate(PeerAddresses.key(InetAddress.getByName("192.0.2.9")),
        Jids.bare("honest@example.com"), Optional.empty())).as("another address").isEmpty();
  }
}
