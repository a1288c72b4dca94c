package io.switchboard.node.metrics;

import io.switchboard.node.status.ShardingQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Shards and entities of one sharded type hosted by this node's region, as gauges with a
 * {@code type} label, and the shards that arrived in or left the region ({@link ShardMoves}).
 * Asking the region walks its shards, so it is asked every {@code every} (not per scrape); a
 * gauge shows the last answer, -1 before the first.
 */
final class EntityGauges {
  private final AtomicLong shards = new AtomicLong(-1);
  private final AtomicLong entities = new AtomicLong(-1);
  private final Counter arrived;
  private final Counter handedOff;
  /** The shard ids of the last answer; null before the first (guarded by this). */
  private Set<String> lastShards;

  private EntityGauges(MeterRegistry registry, String type, Duration every) {
    Gauge.builder("switchboard.sharding.entities", entities, AtomicLong::get)
        .description("Sharded entities of this type alive on this node (refreshed every " + every.toSeconds() + " s)")
        .tag("type", type).register(registry);
    Gauge.builder("switchboard.sharding.shards", shards, AtomicLong::get)
        .description("Shards of this type hosted by this node (refreshed every " + every.toSeconds() + " s)")
        .tag("type", type).register(registry);
    arrived = Counter.builder("switchboard.sharding.shards.arrived")
        .description("Shards allocated to this node's region (first use, rebalance or failover), sampled every "
            + every.toSeconds() + " s")
        .tag("type", type).register(registry);
    handedOff = Counter.builder("switchboard.sharding.shards.handed.off")
        .description("Shards that left this node's region (hand-off in a rebalance or a drain), sampled every "
            + every.toSeconds() + " s")
        .tag("type", type).register(registry);
  }

  static Cancellable start(ActorSystem<?> system, MeterRegistry registry, EntityTypeKey<?> key, String type,
      Duration every) {
    EntityGauges g = new EntityGauges(registry, type, every);
    return system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every,
        () -> g.refresh(system, key), system.executionContext());
  }

  private void refresh(ActorSystem<?> system, EntityTypeKey<?> key) {
    ShardingQueries.here(system, key, Duration.ofSeconds(5))
        .whenComplete((state, failure) -> {
          if (failure != null) {
            return; // the last answer stays (the region may be starting or stopping)
          }
          long n = 0;
          Set<String> ids = new HashSet<>();
          for (ShardRegion.ShardState s : state.getShards()) {
            n += s.getEntityIds().size();
            ids.add(s.shardId());
          }
          shards.set(ids.size());
          entities.set(n);
          moved(ids);
        });
  }

  /** Answers may complete out of order when the region is slow; one at a time. */
  private synchronized void moved(Set<String> ids) {
    if (lastShards != null) {
      ShardMoves m = ShardMoves.between(lastShards, ids);
      arrived.increment(m.arrived());
      handedOff.increment(m.left());
    }
    lastShards = ids;
  }
}
