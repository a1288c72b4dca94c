package io.switchboard.node.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@link ConnectionActor}s of a node are alive. A connection's actor outlives its stream
 * while the cluster has not acknowledged what the client sent ({@code linger}); shutdown waits
 * for them before the actor system goes.
 */
public final class LiveActors {
  private final AtomicInteger count = new AtomicInteger();

  void started() {
    count.incrementAndGet();
  }

  void stopped() {
    count.decrementAndGet();
  }

  public int count() {
    return count.get();
  }

  /** Completes when none is left or {@code max} passed, polling on {@code timer}. */
  public CompletionStage<Void> awaitNone(ScheduledExecutorService timer, Duration max) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + max.toNanos();
    Runnable[] poll = new Runnable[1];
    poll[0] = () -> {
      if (count.get() <= 0 || System.nanoTime() - deadline > 0) {
        done.complete(null);
      } else {
        timer.schedule(poll[0], 100, TimeUnit.MILLISECONDS);
      }
    };
    poll[0].run();
    return done;
  }
}
