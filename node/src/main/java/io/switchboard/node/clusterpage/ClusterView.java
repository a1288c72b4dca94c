package io.switchboard.node.clusterpage;

import java.time.Instant;
import java.util.List;

/**
 * What the live cluster page shows, as served by {@code GET /switchboard/cluster}: one node's view
 * of the cluster at {@code at}. Membership is this node's gossip view; the shard map comes from
 * every region of each entity type ({@code GetClusterShardingStats}); {@code node} holds what only
 * the answering node knows (its client and server streams).
 */
public record ClusterView(
    Instant at,
    String self,
    String leader,
    List<Member> members,
    List<EntityType> entityTypes,
    Node node,
    List<ClusterEventLog.Entry> events) {

  /**
   * One member. {@code upSince} is when this node saw it become Up (or when this node started,
   * for members that were Up before it), null when not seen Up.
   */
  public record Member(String address, String status, List<String> roles, Instant upSince,
      boolean leader, boolean unreachable, boolean self) {}

  /**
   * One entity type's shard map: a region per member, the totals, and {@code error} when the
   * regions did not all answer in time. Then {@code stale} says whether {@code regions} is the last
   * complete answer (true) or empty (false, no complete answer yet).
   */
  public record EntityType(String name, List<Region> regions, int shards, int entities, String error, boolean stale) {}

  /** Shards and entities of one entity type on one member. */
  public record Region(String address, int shards, int entities, List<String> shardIds) {}

  /**
   * The answering node's own streams; a field is null when that part is not running (s2s off) or
   * not registered yet.
   */
  public record Node(String address, Integer clientStreams, Integer serverStreams) {}
}
