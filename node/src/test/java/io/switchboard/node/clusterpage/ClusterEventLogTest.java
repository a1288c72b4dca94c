package io.switchboard.node.clusterpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClusterEventLogTest {
  private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void recent_overCapacity_newestFirstOldestDropped() {
    StepClock clock = new StepClock();
    ClusterEventLog log = new ClusterEventLog(3, clock);
    for (int i = 1; i <= 5; i++) {
      log.record("up", "m" + i, "");
      clock.now = clock.now.plusSeconds(1);
    }
    assertThat(log.recent()).extracting(ClusterEventLog.Entry::member).containsExactly("m5", "m4", "m3");
    assertThat(log.recent().get(0).at()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void upSince_firstUpKept_removedForgets() {
    StepClock clock = new StepClock();
    ClusterEventLog log = new ClusterEventLog(10, clock);
    log.record("up", "a", "");
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    log.record("up", "a", "");
    log.record("unreachable", "a", "");
    assertThat(log.upSince("a")).isEqualTo(T0);
    log.record("removed", "a", "was Down");
    assertThat(log.upSince("a")).isNull();
    assertThat(log.recent()).extracting(ClusterEventLog.Entry::kind)
        .containsExactly("removed", "unreachable", "up", "up");
  }

  @Test
  void constructor_capacityZero_refused() {
    assertThatThrownBy(() -> new ClusterEventLog(0, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
  }
}
