package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.node.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decisions of {@link AuthThrottle} (issue #23 F3), on a manual clock. */
class AuthThrottleTest {
  private static final PeerAddresses.Key NAT = key("192.0.2.7");
  private static final PeerAddresses.Key OTHER = key("198.51.100.9");
  private final ManualClock clock = new ManualClock();
  private final AuthThrottle.Settings defaults = C2sSettings.fromConfig(ConfigFactory.defaultReference()).authThrottle();

  @Test
  void settings_defaults_asDocumented() {
    assertThat(defaults).isEqualTo(new AuthThrottle.Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(15),
        Duration.ofHours(1), 300, Duration.ofMinutes(10), 50_000, true));
  }

  @Test
  void failed_beyondTheFreeFailures_backsOffDoublingUpToTheMaximum() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(t.waitMillis(NAT, "alice")).isZero();
      t.failed(NAT, "alice");
    }
    assertThat(t.waitMillis(NAT, "alice")).isZero(); // five free failures
    t.failed(NAT, "alice");
    assertThat(t.waitMillis(NAT, "alice")).isEqualTo(1_000);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofMillis(t.waitMillis(NAT, "alice")));
      t.failed(NAT, "alice");
      waits.add(t.waitMillis(NAT, "alice"));
    }
    assertThat(waits).startsWith(2_000L, 4_000L, 8_000L, 16_000L).endsWith(900_000L, 900_000L);
  }

  /** The finding: twenty bad passwords for one account must not refuse another account's login. */
  @Test
  void failed_manyForOneAccount_otherAccountsOfTheAddressUntouched() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 1_000; i++) {
      t.failed(NAT, "victim");
    }
    assertThat(t.waitMillis(NAT, "victim")).isPositive();
    assertThat(t.waitMillis(NAT, "bob")).isZero();
    assertThat(t.waitMillis(OTHER, "victim")).isZero();
  }

  @Test
  void failed_pastTheAddressCeiling_noFreeFailuresButUntouchedAccountsStillAllowed() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 300; i++) {
      t.failed(NAT, "spray" + i); // one guess each: under the free failures
    }
    assertThat(t.waitMillis(NAT, "spray1")).isZero();
    assertThat(t.waitMillis(NAT, "carol")).as("an account that never failed from here").isZero();
    t.failed(NAT, "carol");
    assertThat(t.waitMillis(NAT, "carol")).as("past the ceiling a first failure backs off").isEqualTo(1_000);
    assertThat(t.waitMillis(OTHER, "carol")).isZero();
  }

  @Test
  void succeeded_clearsThePair() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 7; i++) {
      t.failed(NAT, "alice");
    }
    clock.advance(Duration.ofMillis(t.waitMillis(NAT, "alice")));
    t.succeeded(NAT, "alice");
    t.failed(NAT, "alice");
    assertThat(t.waitMillis(NAT, "alice")).isZero();
  }

  @Test
  void failed_afterForgetAfterWithoutFailures_startsOver() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 10; i++) {
      t.failed(NAT, "alice");
    }
    clock.advance(Duration.ofHours(1));
    t.failed(NAT, "alice");
    assertThat(t.waitMillis(NAT, "alice")).isZero();
  }

  @Test
  void failed_unusableName_countsForTheAddressOnly() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    for (int i = 0; i < 300; i++) {
      t.failed(NAT, null);
    }
    assertThat(t.tracked()).isZero();
    t.failed(NAT, "dave");
    assertThat(t.waitMillis(NAT, "dave")).as("the address is past its ceiling").isEqualTo(1_000);
  }

  @Test
  void failed_manyAccounts_boundedByMaxTracked() {
    AuthThrottle.Settings small = new AuthThrottle.Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(15),
        Duration.ofHours(1), 1_000_000, Duration.ofMinutes(10), 100, false);
    AuthThrottle t = new AuthThrottle(small, clock);
    for (int i = 0; i < 1_000; i++) {
      clock.advance(Duration.ofMillis(1));
      t.failed(NAT, "user" + i);
    }
    assertThat(t.tracked()).isLessThanOrEqualTo(100);
  }

  @Test
  void apply_outcomesFromAnotherNode_countLikeOwnAndAreNotSharedAgain() {
    AuthThrottle t = new AuthThrottle(defaults, clock);
    List<AuthThrottle.Outcome> shared = new ArrayList<>();
    t.shareWith(shared::add);
    for (int i = 0; i < 6; i++) {
      t.apply(new AuthThrottle.Outcome(NAT, "alice", true));
    }
    assertThat(t.waitMillis(NAT, "alice")).isEqualTo(1_000);
    assertThat(shared).isEmpty();
    t.failed(NAT, "bob");
    assertThat(shared).containsExactly(new AuthThrottle.Outcome(NAT, "bob", true));
    t.apply(new AuthThrottle.Outcome(NAT, "alice", false));
    assertThat(t.waitMillis(NAT, "alice")).isZero();
  }

  @Test
  void settings_invalid_failStartUpNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.c2s.auth-throttle.backoff-max = 100ms")
        .withFallback(ConfigFactory.defaultReference()).resolve();
    assertThatThrownBy(() -> C2sSettings.fromConfig(config))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("switchboard.c2s.auth-throttle.backoff-max");
  }

  private static PeerAddresses.Key key(String ip) {
    try {
      return PeerAddresses.key(InetAddress.getByName(ip));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
