package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.sharding.EntityLifecycle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EntityCountersTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  @Test
  void recovery_timedFromSetupToCompletion_perType() {
    EntityLifecycle rooms = new EntityCounters(registry, "muc-room");
    new EntityCounters(registry, "pubsub-node");
    EntityLifecycle.Recovery first = rooms.recovering();
    clock.add(Duration.ofMillis(7));
    EntityLifecycle.Recovery second = rooms.recovering();
    clock.add(Duration.ofMillis(13));
    first.completed(); // 20 ms
    clock.add(Duration.ofSeconds(3));
    second.completed(); // 3.013 s

    Timer t = registry.get("switchboard.entity.recovery").tag("type", "muc-room").timer();
    assertThat(t.count()).isEqualTo(2);
    assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3033);
    assertThat(bucket(t, Duration.ofMillis(10))).isZero();
    assertThat(bucket(t, Duration.ofMillis(25))).isEqualTo(1);
    assertThat(bucket(t, Duration.ofMillis(2500))).isEqualTo(1);
    assertThat(bucket(t, Duration.ofSeconds(5))).isEqualTo(2);
    assertThat(registry.get("switchboard.entity.recovery").tag("type", "pubsub-node").timer().count()).isZero();
  }

  @Test
  void failedRecovery_countedNotTimed() {
    EntityLifecycle sessions = new EntityCounters(registry, "session");
    sessions.recovering().failed();
    assertThat(registry.get("switchboard.entity.recovery.failures").tag("type", "session").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("switchboard.entity.recovery").tag("type", "session").timer().count()).isZero();
  }

  @Test
  void passivations_countedPerType() {
    EntityLifecycle sessions = new EntityCounters(registry, "session");
    EntityLifecycle rooms = new EntityCounters(registry, "muc-room");
    sessions.passivated();
    sessions.passivated();
    rooms.passivated();
    assertThat(registry.get("switchboard.entity.passivations").tag("type", "session").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("switchboard.entity.passivations").tag("type", "muc-room").counter().count())
        .isEqualTo(1);
  }

  @Test
  void none_countsNothing() {
    EntityLifecycle.NONE.recovering().completed();
    EntityLifecycle.NONE.recovering().failed();
    EntityLifecycle.NONE.passivated();
    assertThat(registry.getMeters()).isEmpty();
  }

  /** Recoveries of at most {@code le} (the cumulative bucket). */
  private static double bucket(Timer timer, Duration le) {
    for (CountAtBucket b : timer.takeSnapshot().histogramCounts()) {
      if (b.bucket(TimeUnit.NANOSECONDS) == le.toNanos()) {
        return b.count();
      }
    }
    throw new AssertionError("no bucket " + le);
  }
}
