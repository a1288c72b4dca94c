package io.switchboard.node.status;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The two questions the status, the cluster page, the metrics and the room routes put to Pekko's
 * sharding: every region's shards and entity counts of one entity type, cluster-wide, and this
 * node's shards and entity ids of one type.
 */
public final class ShardingQueries {
  private ShardingQueries() {}

  /**
   * Every region of {@code key}'s type, asked with {@code timeout} (regions that do not answer in
   * time are listed as failed in the answer); the ask itself gets a second more.
   */
  public static CompletionStage<ShardRegion.ClusterShardingStats> cluster(ActorSystem<?> system,
      EntityTypeKey<?> key, Duration timeout) {
    return AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(key, timeout, replyTo),
        timeout.plusSeconds(1), system.scheduler());
  }

  /** This node's region of {@code key}'s type: its shards and their entity ids. */
  public static CompletionStage<ShardRegion.CurrentShardRegionState> here(ActorSystem<?> system,
      EntityTypeKey<?> key, Duration timeout) {
    return AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetShardRegionState(key, replyTo), timeout, system.scheduler());
  }
}
