package io.switchboard.node.lifecycle;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * The one registration point for what the node must stop in order: every {@link Listener} gets
 * the same three Coordinated Shutdown tasks (stop accepting in service-unbind, close streams in
 * service-requests-done, release in service-stop), and any other shutdown task goes through
 * {@link #task}. Registered at start-up, before the listeners accept.
 */
public final class Lifecycle {
  private final CoordinatedShutdown shutdown;

  public Lifecycle(CoordinatedShutdown shutdown) {
    this.shutdown = shutdown;
  }

  /** Drains {@code listener} with the node; {@code name} prefixes its tasks' names. */
  public void listener(String name, Listener listener) {
    task(CoordinatedShutdown.PhaseServiceUnbind(), name + "-stop-accepting", listener::stopAccepting);
    task(CoordinatedShutdown.PhaseServiceRequestsDone(), name + "-close-streams", listener::closeStreams);
    task(CoordinatedShutdown.PhaseServiceStop(), name + "-release", listener::release);
  }

  /** A task in {@code phase} (one of {@link CoordinatedShutdown}'s phase names). */
  public void task(String phase, String name, Supplier<CompletionStage<?>> task) {
    shutdown.addTask(phase, name, () -> task.get().thenApply(x -> Done.getInstance()));
  }
}
