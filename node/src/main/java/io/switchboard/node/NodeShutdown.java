package io.switchboard.node;

import io.switchboard.node.health.NodeHealth;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * The two ends of the node's Coordinated Shutdown, registered first at start-up:
 *
 * <ol>
 *   <li>before-service-unbind: readiness turns false ({@code mark-not-ready});
 *   <li>service-unbind, service-requests-done, service-stop: each listener stops accepting, closes
 *       its streams, releases what it holds ({@link io.switchboard.node.lifecycle.Lifecycle});
 *   <li>before-cluster-shutdown: idle sessions passivate ({@link UserSessions});
 *   <li>cluster-sharding-shutdown-region, cluster-leave: sharding hands off, the member leaves;
 *   <li>before-actor-system-terminate: Cassandra closes ({@code close-persistence}), and the
 *       metrics registry ({@link MetricsWiring}).
 * </ol>
 */
final class NodeShutdown {
  private NodeShutdown() {}

  /** Readiness false first; {@code closePersistence} last, after the journal's last writes. */
  static void bracket(CoordinatedShutdown cs, NodeHealth health, Runnable closePersistence) {
    cs.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "mark-not-ready",
        () -> {
          health.markDraining();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    // Cassandra closes last: after sharding handed off and the member left (so the journal's last
    // writes landed), before the ActorSystem terminates and the JVM exits.
    cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-persistence",
        () -> CompletableFuture.supplyAsync(() -> {
          closePersistence.run();
          return Done.getInstance();
        }));
  }
}
