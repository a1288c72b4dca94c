package io.switchboard.sharding.admin;

import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Who is online in the whole cluster: every node runs an agent (registered with the receptionist)
 * that lists the user-session entities alive in its own shard region and asks each for its bound
 * resources; a query asks every node's agent and merges the answers. What it counts: resources
 * bound to a connection or parked for XEP-0198 resumption, at the moment each entity answered
 * (not one snapshot of the cluster). A node or entity that does not answer within the timeout is
 * left out, and the answer says it is incomplete.
 */
public final class OnlineUsers {
  static final ServiceKey<Query> KEY = ServiceKey.create(Query.class, "switchboard-admin-online");

  /** To one node's agent: its online full JIDs, please. */
  public record Query(ActorRef<Here> replyTo) implements CborSerializable {}

  /**
   * One node's online full JIDs; {@code complete} false when some entity did not answer;
   * {@code active} those of them that are active ({@link ResourceActivity}; null from a node that
   * predates it reads as none).
   */
  public record Here(List<String> fullJids, boolean complete, List<String> active) implements CborSerializable {
    public Here {
      active = active == null ? List.of() : active;
    }
  }

  /**
   * The cluster's online full JIDs, sorted, and whether every node and entity answered;
   * {@code active} the active ones among them ({@link ResourceActivity}), sorted.
   */
  public record Online(List<String> fullJids, boolean complete, List<String> active) {
    /** Every resource counted as idle (no activity known). */
    public Online(List<String> fullJids, boolean complete) {
      this(fullJids, complete, List.of());
    }

    /** The distinct accounts (bare JIDs) among {@link #fullJids}. */
    public long accounts() {
      return users().size();
    }

    /** The distinct accounts (bare JIDs) online, sorted. */
    public List<String> users() {
      return fullJids.stream().map(OnlineUsers::bare).distinct().sorted().toList();
    }

    /** XEP-0133 active users: the accounts with an active resource, sorted. */
    public List<String> activeUsers() {
      return active.stream().map(OnlineUsers::bare).distinct().sorted().toList();
    }

    /** XEP-0133 idle users: the accounts online with no active resource, sorted. */
    public List<String> idleUsers() {
      java.util.Set<String> act = new java.util.HashSet<>(activeUsers());
      return users().stream().filter(u -> !act.contains(u)).toList();
    }
  }

  private static String bare(String fullJid) {
    int slash = fullJid.indexOf('/');
    return slash < 0 ? fullJid : fullJid.substring(0, slash);
  }

  private final ActorSystem<?> system;
  private final Duration timeout;

  private OnlineUsers(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** Starts this node's agent; {@code timeout} bounds each query. */
  public static OnlineUsers start(ActorSystem<?> system, Duration timeout) {
    ActorRef<Query> agent = system.systemActorOf(agent(timeout), "admin-online-users", Props.empty());
    system.receptionist().tell(Receptionist.register(KEY, agent));
    return new OnlineUsers(system, timeout);
  }

  /** Asks every node's agent. */
  public CompletionStage<Online> query() {
    CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
        r -> Receptionist.find(KEY, r), timeout, system.scheduler());
    return listing.thenCompose(l -> {
      Set<ActorRef<Query>> agents = l.getServiceInstances(KEY);
      List<CompletableFuture<Here>> answers = new ArrayList<>();
      for (ActorRef<Query> a : agents) {
        answers.add(AskPattern.<Query, Here>ask(a, Query::new, timeout, system.scheduler())
            .toCompletableFuture()
            .exceptionally(e -> new Here(List.of(), false, List.of())));
      }
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .thenApply(v -> merge(answers.stream().map(CompletableFuture::join).toList(), !agents.isEmpty()));
    });
  }

  static Online merge(Collection<Here> answers, boolean any) {
    TreeSet<String> all = new TreeSet<>();
    TreeSet<String> active = new TreeSet<>();
    boolean complete = any;
    for (Here h : answers) {
      all.addAll(h.fullJids());
      active.addAll(h.active());
      complete &= h.complete();
    }
    active.retainAll(all);
    return new Online(List.copyOf(all), complete, List.copyOf(active));
  }

  private static Behavior<Query> agent(Duration timeout) {
    return Behaviors.setup(ctx -> {
      ActorSystem<?> system = ctx.getSystem();
      ClusterSharding sharding = ClusterSharding.get(system);
      return Behaviors.receive(Query.class).onMessage(Query.class, q -> {
        local(system, sharding, timeout).whenComplete((here, e) ->
            q.replyTo().tell(e == null ? here : new Here(List.of(), false, List.of())));
        return Behaviors.same();
      }).build();
    });
  }

  /**
   * The resources of the user-session entities alive in this node's shard region. Each step gets
   * half the query's time, so a slow entity makes this node's answer incomplete rather than lost.
   */
  private static CompletionStage<Here> local(ActorSystem<?> system, ClusterSharding sharding, Duration query) {
    Duration timeout = query.dividedBy(2);
    CompletionStage<ShardRegion.CurrentShardRegionState> state = AskPattern.ask(sharding.shardState(),
        r -> new GetShardRegionState(UserSession.TYPE_KEY, r), timeout, system.scheduler());
    return state.thenCompose(s -> {
      List<CompletableFuture<List<UserSession.ResourceView>>> perEntity = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (ShardRegion.ShardState shard : s.getShards()) {
        for (String id : shard.getEntityIds()) {
          ids.add(id);
          perEntity.add(sharding.entityRefFor(UserSession.TYPE_KEY, id)
              .<UserSession.SessionState>ask(UserSession.GetState::new, timeout)
              .thenApply(UserSession.SessionState::resources)
              .toCompletableFuture()
              .exceptionally(e -> null));
        }
      }
      return CompletableFuture.allOf(perEntity.toArray(CompletableFuture[]::new)).thenApply(v -> {
        List<String> jids = new ArrayList<>();
        List<String> active = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < perEntity.size(); i++) {
          List<UserSession.ResourceView> r = perEntity.get(i).join();
          if (r == null) {
            complete = false;
            continue;
          }
          for (UserSession.ResourceView view : r) {
            String full = ids.get(i) + "/" + view.resource();
            jids.add(full);
            if (ResourceActivity.active(view)) {
              active.add(full);
            }
          }
        }
        return new Here(jids, complete, active);
      });
    });
  }
}
