package io.switchboard.node.status;

import io.switchboard.sharding.feed.FeedStatus;
import java.util.List;

/**
 * This node's view of the cluster, as served by {@code GET /switchboard/status} on the management
 * port. Sharding figures come from the coordinator and every region, so they cover all nodes;
 * {@code sessions} is only this node's own count of connected client streams (null until the node
 * registered its listeners). {@code feeds} is every attached feed of the cluster with its last
 * fetch, last error and entries seen (null when feeds are not wired; {@code feedsError} says why
 * the list is missing when the cluster did not answer). {@code s2s} is this node's open
 * server-to-server streams (null when federation is off).
 */
public record StatusReport(
    String self,
    String leader,
    List<Member> members,
    List<String> unreachable,
    Sharding sharding,
    Integer sessions,
    List<FeedStatus> feeds,
    String feedsError,
    List<io.switchboard.node.s2s.S2sStreams.Info> s2s) {

  /** Without s2s streams. */
  public StatusReport(String self, String leader, List<Member> members, List<String> unreachable,
      Sharding sharding, Integer sessions, List<FeedStatus> feeds, String feedsError) {
    this(self, leader, members, unreachable, sharding, sessions, feeds, feedsError, null);
  }

  /** Without feeds. */
  public StatusReport(String self, String leader, List<Member> members, List<String> unreachable,
      Sharding sharding, Integer sessions) {
    this(self, leader, members, unreachable, sharding, sessions, null, null);
  }

  /** One cluster member as this node sees it. */
  public record Member(String address, String status, String appVersion, List<String> roles) {}

  /**
   * Shards and entities per node for one entity type; {@code error} is set (and {@code regions}
   * empty) when the regions did not answer in time, e.g. while sharding starts.
   */
  public record Sharding(String entityType, List<Region> regions, int shards, int entities, String error) {}

  /**
   * One node's shard region: shard count, entity count, the ids of its shards (the UserSession
   * shard of a user is {@code abs(bareJid.hashCode() % number-of-shards)}) and shards that failed
   * to answer.
   */
  public record Region(String address, int shards, int entities, List<String> shardIds, List<String> failedShards) {}
}
