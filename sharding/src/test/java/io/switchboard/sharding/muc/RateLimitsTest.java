package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RateLimits limits = new RateLimits(10, 3, nanos::get);

  private int allowedOf(String occupant, int tries) {
    int ok = 0;
    for (int i = 0; i < tries; i++) {
      ok += limits.allow(occupant) ? 1 : 0;
    }
    return ok;
  }

  @Test
  void allow_burstThenRate() {
    assertThat(allowedOf("a", 10)).isEqualTo(3);
    nanos.addAndGet(100_000_000L); // 0.1 s at 10/s: one more token
    assertThat(allowedOf("a", 10)).isEqualTo(1);
  }

  @Test
  void excuse_afterARestart_occupantsUnlimitedForTheGrace_othersAndLaterLimited() {
    limits.excuse(List.of("was-here"), Duration.ofSeconds(20));
    assertThat(allowedOf("was-here", 50)).as("the backlog of a failover").isEqualTo(50);
    assertThat(allowedOf("newcomer", 50)).isEqualTo(3);
    nanos.addAndGet(Duration.ofSeconds(21).toNanos());
    assertThat(allowedOf("was-here", 50)).as("after the grace: the usual burst").isEqualTo(3);
  }
}
