package io.switchboard.node.clusterpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterEventLogTest {
  private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

  @Test
  void recent_overCapacity_newestFirstOldestDropped() {
    ManualClock clock = new ManualClock(T0);
    ClusterEventLog log = new ClusterEventLog(3, clock);
    for (int i = 1; i <= 5; i++) {
      log.record("up", "m" + i, "");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(log.recent()).extracting(ClusterEventLog.Entry::member).containsExactly("m5", "m4", "m3");
    assertThat(log.recent().get(0).at()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void upSince_firstUpKept_removedForgets() {
    ManualClock clock = new ManualClock(T0);
    ClusterEventLog log = new ClusterEventLog(10, clock);
    log.record("up", "a", "");
    clock.advance(Duration.ofMinutes(1));
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
