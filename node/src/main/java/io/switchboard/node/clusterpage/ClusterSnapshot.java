package io.switchboard.node.clusterpage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns plain facts about the cluster (members, reachability, per-type shard counts) into the
 * {@link ClusterView} the page shows, and finds which shards moved between two shard maps. Pure:
 * no Pekko types, no clock.
 */
public final class ClusterSnapshot {
  private ClusterSnapshot() {}

  /** A member as the cluster state gives it. */
  public record MemberFact(String address, String status, List<String> roles) {}

  /**
   * One entity type's answer: shard id to entity count per member address, or {@code error} when
   * its regions did not answer.
   */
  public record TypeFact(String name, Map<String, Map<String, Integer>> shardsByAddress, String error, boolean stale) {
    public TypeFact(String name, Map<String, Map<String, Integer>> shardsByAddress, String error) {
      this(name, shardsByAddress, error, false);
    }

    public static TypeFact failed(String name, String error) {
      return new TypeFact(name, Map.of(), error);
    }

    /**
     * Whether this is a complete answer: every node runs a region of every type, and Pekko answers
     * an empty map when any region missed the timeout (an unreachable member's, for one).
     */
    public boolean complete() {
      return error == null && !shardsByAddress.isEmpty();
    }
  }

  /** Why an incomplete answer shows the last complete one. */
  static final String INCOMPLETE = "not every region answered in time (an unreachable member?)";

  /**
   * {@code now} when complete; else the {@code last} complete answer marked stale, or a failure
   * when there is none.
   */
  public static TypeFact orLast(TypeFact now, TypeFact last) {
    if (now.complete()) {
      return now;
    }
    String why = now.error() != null ? now.error() : INCOMPLETE;
    return last == null ? TypeFact.failed(now.name(), why) : new TypeFact(now.name(), last.shardsByAddress(), why, true);
  }

  /** Everything the view is built from. */
  public record Facts(Instant at, String self, String leader, List<MemberFact> members,
      Set<String> unreachable, List<TypeFact> types, ClusterView.Node node) {}

  /** The view: members sorted by address, types by name, regions by address. */
  public static ClusterView build(Facts facts, ClusterEventLog log) {
    List<ClusterView.Member> members = new ArrayList<>();
    for (MemberFact m : facts.members()) {
      members.add(new ClusterView.Member(m.address(), m.status(), m.roles().stream().sorted().toList(),
          log.upSince(m.address()), m.address().equals(facts.leader()), facts.unreachable().contains(m.address()),
          m.address().equals(facts.self())));
    }
    members.sort(Comparator.comparing(ClusterView.Member::address));
    List<ClusterView.EntityType> types = new ArrayList<>();
    for (TypeFact t : facts.types()) {
      types.add(entityType(t));
    }
    types.sort(Comparator.comparing(ClusterView.EntityType::name));
    return new ClusterView(facts.at(), facts.self(), facts.leader(), members, types, facts.node(), log.recent());
  }

  static ClusterView.EntityType entityType(TypeFact t) {
    if (t.error() != null && !t.stale()) {
      return new ClusterView.EntityType(t.name(), List.of(), 0, 0, t.error(), false);
    }
    List<ClusterView.Region> regions = new ArrayList<>();
    int shards = 0;
    int entities = 0;
    for (Map.Entry<String, Map<String, Integer>> e : new TreeMap<>(t.shardsByAddress()).entrySet()) {
      int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      regions.add(new ClusterView.Region(e.getKey(), e.getValue().size(), n,
          e.getValue().keySet().stream().sorted().toList()));
      shards += e.getValue().size();
      entities += n;
    }
    return new ClusterView.EntityType(t.name(), regions, shards, entities, t.error(), t.stale());
  }

  /** Shards of one type that moved from one member to another. */
  public record Move(String type, String from, String to, int shards) {}

  /**
   * The shards present in both maps whose member changed, grouped by type, source and target.
   * A map is type → shard id → member address; types missing from either map (no answer) are
   * skipped, so a timeout never reads as a move.
   */
  public static List<Move> moves(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
    Map<List<String>, Integer> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\n", k)));
    for (Map.Entry<String, Map<String, String>> type : after.entrySet()) {
      Map<String, String> old = before.get(type.getKey());
      if (old == null) {
        continue;
      }
      for (Map.Entry<String, String> shard : type.getValue().entrySet()) {
        String was = old.get(shard.getKey());
        if (was != null && !Objects.equals(was, shard.getValue())) {
          counts.merge(List.of(type.getKey(), was, shard.getValue()), 1, Integer::sum);
        }
      }
    }
    List<Move> moves = new ArrayList<>();
    counts.forEach((k, n) -> moves.add(new Move(k.get(0), k.get(1), k.get(2), n)));
    return moves;
  }

  /** Type → shard id → member address, for {@link #moves}; failed and stale types are left out. */
  public static Map<String, Map<String, String>> placement(List<TypeFact> types) {
    Map<String, Map<String, String>> placement = new HashMap<>();
    for (TypeFact t : types) {
      if (!t.complete()) {
        continue;
      }
      Map<String, String> shards = new HashMap<>();
      t.shardsByAddress().forEach((address, byShard) -> byShard.keySet().forEach(id -> shards.put(id, address)));
      placement.put(t.name(), shards);
    }
    return placement;
  }

  /**
   * The last known member of every shard: {@code known} updated with {@code current}. Shards
   * missing from {@code current} (their member died and they have not started elsewhere yet) keep
   * their old member, so the move shows once they start on a survivor.
   */
  public static Map<String, Map<String, String>> remember(
      Map<String, Map<String, String>> known, Map<String, Map<String, String>> current) {
    Map<String, Map<String, String>> merged = new HashMap<>();
    known.forEach((type, shards) -> merged.put(type, new HashMap<>(shards)));
    current.forEach((type, shards) -> merged.computeIfAbsent(type, k -> new HashMap<>()).putAll(shards));
    return merged;
  }
}
