package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.sharding.EntityLifecycle;
import java.time.Duration;

/**
 * The lifecycle of one sharded, event-sourced entity type on this node, with a {@code type} label
 * (the same as {@link EntityGauges}'): how long each start took to recover its state from the
 * journal and snapshots, as a histogram of fixed buckets (so it sums across nodes), the recoveries
 * that failed, and the passivations the entities asked for after their idle timeout. The time is
 * read from the registry's clock.
 */
final class EntityCounters implements EntityLifecycle {
  /** Histogram buckets of a recovery: a snapshot and a few events is ms, a long journal more. */
  static final Duration[] RECOVERY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  private final Timer recovered;
  private final Counter failures;
  private final Counter passivations;

  EntityCounters(MeterRegistry registry, String type) {
    this.registry = registry;
    this.recovered = Timer.builder("switchboard.entity.recovery")
        .description("Time a sharded entity took to recover its state (journal and snapshot replay) when it started"
            + " on this node")
        .tag("type", type)
        .serviceLevelObjectives(RECOVERY_BUCKETS)
        .register(registry);
    this.failures = Counter.builder("switchboard.entity.recovery.failures")
        .description("Sharded entities on this node whose recovery failed (the entity stopped)")
        .tag("type", type).register(registry);
    this.passivations = Counter.builder("switchboard.entity.passivations")
        .description("Sharded entities on this node that passivated themselves after their idle timeout")
        .tag("type", type).register(registry);
  }

  @Override
  public Recovery recovering() {
    Timer.Sample started = Timer.start(registry);
    return new Recovery() {
      @Override
      public void completed() {
        started.stop(recovered);
      }

      @Override
      public void failed() {
        failures.increment();
      }
    };
  }

  @Override
  public void passivated() {
    passivations.increment();
  }
}
