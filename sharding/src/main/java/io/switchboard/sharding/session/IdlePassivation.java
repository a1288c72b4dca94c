package io.switchboard.sharding.session;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.ShardRegion.ShardState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Before a node hands its shards off: every entity of one type on this node is asked to passivate
 * if it is idle, and the node waits (at most {@code within}) until the number of its entities
 * stops falling.
 *
 * <p>Why: with remember-entities, an entity still alive when its node stops is started again at
 * the next start (or on the node that takes its shard). For {@code UserSession} that was every user
 * who logged out less than {@code passivate-after} (2 minutes) before the stop. In one restart run
 * here (bench/README, "Logins: cold and warm entities") that was 19,176 entities recovered from
 * the journal at start-up next to new logins, and 84 shard starts gave up waiting for their
 * remembered ids; with this pass, 0. An entity that passivates is
 * forgotten by remember-entities; one with a resource bound stays and is handed off as before.
 *
 * <p>Asked twice: a stream the node just closed may not have reached its entity yet at the first
 * round, so entities still there are asked again once the count is stable.
 */
public final class IdlePassivation {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = 200;

  /** How many entities of the type were on this node before, and after. */
  public record Result(int before, int after) {}

  private IdlePassivation() {}

  /**
   * Runs on a thread of its own (it waits). A region query that times out counts as no entities,
   * so the pass ends early rather than failing the shutdown phase.
   */
  public static <M> CompletionStage<Result> passivate(ActorSystem<?> system, EntityTypeKey<M> key,
      M idleMessage, Duration within) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        done.complete(run(system, key, idleMessage, within));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, "idle-passivation-" + key.name());
    t.setDaemon(true);
    t.start();
    return done;
  }

  private static <M> Result run(ActorSystem<?> system, EntityTypeKey<M> key, M idleMessage,
      Duration within) {
    ClusterSharding sharding = ClusterSharding.get(system);
    long deadline = System.nanoTime() + within.toNanos();
    Set<String> ids = localIds(system, sharding, key);
    int before = ids.size();
    for (int round = 0; round < 2 && !ids.isEmpty() && System.nanoTime() < deadline; round++) {
      for (String id : ids) {
        sharding.entityRefFor(key, id).tell(idleMessage);
      }
      int last = -1;
      while (System.nanoTime() < deadline && ids.size() != last) {
        last = ids.size();
        sleep();
        ids = localIds(system, sharding, key);
      }
    }
    return new Result(before, ids.size());
  }

  private static <M> Set<String> localIds(ActorSystem<?> system, ClusterSharding sharding,
      EntityTypeKey<M> key) {
    try {
      CurrentShardRegionState state = AskPattern.<org.apache.pekko.cluster.sharding.typed
              .ClusterShardingQuery, CurrentShardRegionState>ask(sharding.shardState(),
              (ActorRef<CurrentShardRegionState> replyTo) -> new GetShardRegionState(key, replyTo),
              QUERY_TIMEOUT, system.scheduler())
          .toCompletableFuture().join();
      Set<String> ids = new HashSet<>();
      for (ShardState shard : state.getShards()) {
        ids.addAll(shard.getEntityIds());
      }
      return ids;
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
