package io.switchboard.node.status;

import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Gathers {@link StatusReport}s, one instance per ActorSystem. The node registers what only it
 * knows (its client connection count) through {@link #registerSessions}; membership comes from
 * the cluster state and sharding figures from {@link GetClusterShardingStats}, which asks every
 * region of the {@code UserSession} type.
 */
public final class NodeStatus implements Extension {
  private final ActorSystem<?> system;
  private volatile SessionCount sessions;
  private volatile java.util.function.Supplier<List<io.switchboard.node.s2s.S2sStreams.Info>> s2s;
  private volatile java.util.function.Supplier<CompletionStage<List<io.switchboard.sharding.feed.FeedStatus>>> feeds;
  private volatile io.switchboard.sharding.muc.MucService muc;

  NodeStatus(ActorSystem<?> system) {
    this.system = system;
  }

  public static NodeStatus get(ActorSystem<?> system) {
    return Id.INSTANCE.get(Adapter.toClassic(system));
  }

  public static NodeStatus get(org.apache.pekko.actor.ActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  /** Makes {@code sessions} the source of the report's connected-session count. */
  public void registerSessions(SessionCount sessions) {
    this.sessions = sessions;
  }

  /** Makes {@code streams} the source of the report's s2s stream list. */
  public void registerS2s(java.util.function.Supplier<List<io.switchboard.node.s2s.S2sStreams.Info>> streams) {
    this.s2s = streams;
  }

  /** Makes {@code feeds} the source of the report's feed list. */
  public void registerFeeds(
      java.util.function.Supplier<CompletionStage<List<io.switchboard.sharding.feed.FeedStatus>>> feeds) {
    this.feeds = feeds;
  }

  /** Makes {@code muc} the multi-user chat service the management routes operate on. */
  public void registerMuc(io.switchboard.sharding.muc.MucService muc) {
    this.muc = muc;
  }

  /** This node's connected client streams, empty until the listeners registered. */
  public java.util.Optional<Integer> connectedSessions() {
    SessionCount counter = sessions;
    return counter == null ? java.util.Optional.empty() : java.util.Optional.of(counter.connectedSessions());
  }

  /** This node's open server-to-server streams, empty when federation is off. */
  public java.util.Optional<Integer> s2sStreams() {
    var source = s2s;
    return source == null ? java.util.Optional.empty() : java.util.Optional.of(source.get().size());
  }

  /** The node's multi-user chat service, when it runs one. */
  public java.util.Optional<io.switchboard.sharding.muc.MucService> muc() {
    return java.util.Optional.ofNullable(muc);
  }

  /** Every attached feed's status, or a failed stage when feeds are not wired. */
  public CompletionStage<List<io.switchboard.sharding.feed.FeedStatus>> feeds() {
    var source = feeds;
    return source == null
        ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("feeds are not wired"))
        : source.get();
  }

  /** This node's view now; sharding regions get {@code timeout} to answer. */
  public CompletionStage<StatusReport> report(Duration timeout) {
    ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    List<StatusReport.Member> members = new ArrayList<>();
    for (Member m : state.getMembers()) {
      members.add(new StatusReport.Member(
          m.address().toString(), m.status().toString(), m.appVersion().version(),
          m.getRoles().stream().sorted().toList()));
    }
    members.sort(Comparator.comparing(StatusReport.Member::address));
    List<String> unreachable =
        state.getUnreachable().stream().map(m -> m.address().toString()).sorted().toList();
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    String self = Cluster.get(system).selfMember().address().toString();
    SessionCount counter = sessions;
    Integer connected = counter == null ? null : counter.connectedSessions();
    var feedSource = feeds;
    CompletionStage<List<io.switchboard.sharding.feed.FeedStatus>> feedList = feedSource == null
        ? java.util.concurrent.CompletableFuture.completedFuture(null) : feedSource.get();
    java.util.concurrent.CompletableFuture<Object> feedResult = feedList.toCompletableFuture()
        .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
        .<Object>thenApply(l -> l)
        .exceptionally(e -> "feeds did not answer: " + e);
    return sharding(timeout).thenCombine(feedResult, (sharding, f) -> {
      @SuppressWarnings("unchecked")
      List<io.switchboard.sharding.feed.FeedStatus> list =
          f instanceof List<?> l ? (List<io.switchboard.sharding.feed.FeedStatus>) l : null;
      var s2sSource = s2s;
      return new StatusReport(self, leader, members, unreachable, sharding, connected,
          f instanceof String ? List.of() : list, f instanceof String s ? s : null,
          s2sSource == null ? null : s2sSource.get());
    });
  }

  private CompletionStage<StatusReport.Sharding> sharding(Duration timeout) {
    String type = UserSession.TYPE_KEY.name();
    return ShardingQueries.cluster(system, UserSession.TYPE_KEY, timeout).handle((s, failure) -> {
      if (failure != null) {
        return new StatusReport.Sharding(type, List.of(), 0, 0, String.valueOf(failure.getMessage()));
      }
      return summarize(type, s);
    });
  }

  static StatusReport.Sharding summarize(String type, ShardRegion.ClusterShardingStats stats) {
    List<StatusReport.Region> regions = new ArrayList<>();
    int shards = 0;
    int entities = 0;
    for (Map.Entry<org.apache.pekko.actor.Address, ShardRegion.ShardRegionStats> e : stats.getRegions().entrySet()) {
      Map<String, Object> perShard = e.getValue().getStats();
      int n = 0;
      for (Object count : perShard.values()) {
        n += ((Number) count).intValue();
      }
      List<String> failed = e.getValue().getFailed().stream().sorted().toList();
      List<String> ids = perShard.keySet().stream().sorted().toList();
      regions.add(new StatusReport.Region(e.getKey().toString(), perShard.size(), n, ids, failed));
      shards += perShard.size();
      entities += n;
    }
    regions.sort(Comparator.comparing(StatusReport.Region::address));
    return new StatusReport.Sharding(type, regions, shards, entities, null);
  }

  /** The extension id. */
  public static final class Id extends AbstractExtensionId<NodeStatus> implements ExtensionIdProvider {
    public static final Id INSTANCE = new Id();

    @Override
    public Id lookup() {
      return INSTANCE;
    }

    @Override
    public NodeStatus createExtension(ExtendedActorSystem system) {
      return new NodeStatus(Adapter.toTyped(system));
    }
  }
}
