package io.switchboard.node;

import com.typesafe.config.Config;
import io.switchboard.node.health.NodeHealth;
import io.switchboard.persistence.Persistence;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The node's Cassandra: started first, probed for readiness, and closed exactly once, last (by
 * Coordinated Shutdown's before-actor-system-terminate task, or by whoever waits for the stop).
 */
final class NodePersistence {
  private final Persistence persistence;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private NodePersistence(Persistence persistence) {
    this.persistence = persistence;
  }

  /** Connects (starting the embedded Cassandra if configured); blocks until it is up. */
  static NodePersistence start(Config config) {
    Persistence persistence = Persistence.start(config);
    // On JVM exit Cassandra waits for the node to close it (after the journal's last write).
    persistence.embedded().ifPresent(c -> c.stopOnJvmExitAfter(Duration.ofSeconds(30)));
    return new NodePersistence(persistence);
  }

  Persistence persistence() {
    return persistence;
  }

  /** Cassandra answers the readiness probe; persistence counts as up. */
  void watch(NodeHealth health) {
    health.addProbe("cassandra", () -> persistence
        .session()
        .executeAsync("SELECT release_version FROM system.local")
        .thenApply(rs -> rs.one() != null));
    health.markUp(NodeHealth.Part.PERSISTENCE);
  }

  /** Closes Cassandra unless it was closed already. */
  synchronized void close() {
    if (!closed.isDone()) {
      try {
        persistence.close();
      } finally {
        closed.complete(null);
      }
    }
  }
}
