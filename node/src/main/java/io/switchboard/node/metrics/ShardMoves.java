package io.switchboard.node.metrics;

import java.util.Set;

/**
 * Shards that arrived in and left this node's region between two looks at it. Pekko publishes no
 * hand-off or rebalance event, so {@link EntityGauges} compares the shard ids of two answers of
 * the region: a shard that left a running region was handed off (a rebalance, or its
 * coordinator moved it away); one that arrived was allocated here (first use, a rebalance, or a
 * failover). Sampled: a shard that leaves and comes back between two looks is not seen.
 *
 * @param arrived shards in {@code after} and not in {@code before}
 * @param left shards in {@code before} and not in {@code after}
 */
record ShardMoves(int arrived, int left) {
  static ShardMoves between(Set<String> before, Set<String> after) {
    int arrived = (int) after.stream().filter(s -> !before.contains(s)).count();
    int left = (int) before.stream().filter(s -> !after.contains(s)).count();
    return new ShardMoves(arrived, left);
  }
}
