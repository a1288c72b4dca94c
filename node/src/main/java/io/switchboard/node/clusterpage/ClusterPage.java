package io.switchboard.node.clusterpage;

import io.switchboard.node.status.ShardingQueries;
import io.switchboard.node.status.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The live page's data, one instance per ActorSystem: reads the cluster state, asks every entity
 * type's regions for their shards ({@link GetClusterShardingStats}), and keeps the
 * {@link ClusterEventLog} (started with the extension, so with the management port). Views are
 * reused for {@link #REUSE} so several open pages cost one round of questions.
 */
public final class ClusterPage implements Extension {
  /** Events kept for the page. */
  static final int EVENTS = 50;
  /** How long a view is served again instead of asking the regions again. */
  static final Duration REUSE = Duration.ofMillis(900);

  private final ActorSystem<?> system;
  private final Clock clock;
  private final ClusterEventLog log;
  private Map<String, Map<String, String>> placement = Map.of();
  private final Map<String, ClusterSnapshot.TypeFact> lastComplete = new HashMap<>();
  private CompletableFuture<ClusterView> last;
  private Instant lastAt = Instant.MIN;

  ClusterPage(ActorSystem<?> system, Clock clock) {
    this.system = system;
    this.clock = clock;
    this.log = new ClusterEventLog(EVENTS, clock);
    ClusterEventListener.start(system, log);
  }

  public static ClusterPage get(ActorSystem<?> system) {
    return Id.INSTANCE.get(Adapter.toClassic(system));
  }

  /** The view now (or at most {@link #REUSE} old); each entity type gets {@code timeout}. */
  public synchronized CompletionStage<ClusterView> view(Duration timeout) {
    Instant now = clock.instant();
    if (last != null && (!last.isDone() || now.isBefore(lastAt.plus(REUSE)))) {
      return last;
    }
    lastAt = now;
    last = gather(timeout).toCompletableFuture();
    return last;
  }

  private CompletionStage<ClusterView> gather(Duration timeout) {
    Cluster cluster = Cluster.get(system);
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<ClusterSnapshot.MemberFact> members = new ArrayList<>();
    for (Member m : state.getMembers()) {
      members.add(new ClusterSnapshot.MemberFact(m.address().toString(), m.status().toString(),
          new ArrayList<>(m.getRoles())));
    }
    Set<String> unreachable = new HashSet<>();
    state.getUnreachable().forEach(m -> unreachable.add(m.address().toString()));
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    String self = cluster.selfMember().address().toString();
    NodeStatus status = NodeStatus.get(system);
    ClusterView.Node node = new ClusterView.Node(self, status.connectedSessions().orElse(null),
        status.s2sStreams().orElse(null));
    List<String> names = org.apache.pekko.cluster.sharding.ClusterSharding.get(Adapter.toClassic(system))
        .getShardTypeNames().stream().sorted().toList();
    List<CompletableFuture<ClusterSnapshot.TypeFact>> asks = names.stream()
        .map(name -> stats(name, timeout).toCompletableFuture()).toList();
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<ClusterSnapshot.TypeFact> types = settle(asks.stream().map(CompletableFuture::join).toList());
      return ClusterSnapshot.build(new ClusterSnapshot.Facts(clock.instant(), self, leader, members, unreachable,
          types, node), log);
    });
  }

  /** Records shard moves, and replaces incomplete answers with the last complete ones (stale). */
  private synchronized List<ClusterSnapshot.TypeFact> settle(List<ClusterSnapshot.TypeFact> answers) {
    Map<String, Map<String, String>> current = ClusterSnapshot.placement(answers);
    for (ClusterSnapshot.Move m : ClusterSnapshot.moves(placement, current)) {
      log.record("shards-moved", m.to(), m.type() + ": " + m.shards() + (m.shards() == 1 ? " shard" : " shards")
          + " from " + m.from());
    }
    placement = ClusterSnapshot.remember(placement, current);
    List<ClusterSnapshot.TypeFact> types = new ArrayList<>();
    for (ClusterSnapshot.TypeFact t : answers) {
      if (t.complete()) {
        lastComplete.put(t.name(), t);
      }
      types.add(ClusterSnapshot.orLast(t, lastComplete.get(t.name())));
    }
    return types;
  }

  private CompletionStage<ClusterSnapshot.TypeFact> stats(String name, Duration timeout) {
    return ShardingQueries.cluster(system, EntityTypeKey.create(Object.class, name), timeout).handle((s, failure) -> {
      if (failure != null) {
        return ClusterSnapshot.TypeFact.failed(name, String.valueOf(failure.getMessage()));
      }
      Map<String, Map<String, Integer>> byAddress = new HashMap<>();
      s.getRegions().forEach((address, region) -> {
        Map<String, Integer> shards = new HashMap<>();
        region.getStats().forEach((id, count) -> shards.put(id, ((Number) count).intValue()));
        byAddress.put(address.toString(), shards);
      });
      return new ClusterSnapshot.TypeFact(name, byAddress, null);
    });
  }

  /** The extension id. */
  public static final class Id extends AbstractExtensionId<ClusterPage> implements ExtensionIdProvider {
    public static final Id INSTANCE = new Id();

    @Override
    public Id lookup() {
      return INSTANCE;
    }

    @Override
    public ClusterPage createExtension(ExtendedActorSystem system) {
      return new ClusterPage(Adapter.toTyped(system), Clock.systemUTC());
    }
  }
}
