package io.switchboard.node.kdf;

import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where a node derives keys from passwords: PBKDF2 (4096 iterations, milliseconds of CPU each) for
 * SASL PLAIN, in-band registration and password changes. A fixed number of threads and a bounded
 * queue, so that work of this kind never runs on a connection's event loop (where it would stall
 * every stream of that loop) and never piles up without bound: when the queue is full the work is
 * refused at once ({@link RejectedExecutionException} in the returned stage), and the caller
 * answers with a temporary failure.
 */
public final class KeyDerivation implements AutoCloseable {
  private final ThreadPoolExecutor pool;

  /**
   * @param threads worker threads (0 = one per available processor)
   * @param queue work items that may wait; more are refused
   */
  public KeyDerivation(int threads, int queue) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    AtomicInteger count = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, queue)), r -> {
      Thread t = new Thread(r, "switchboard-kdf-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Runs {@code work} on a derivation thread; a full queue fails the stage at once. */
  public <T> CompletionStage<T> submit(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, pool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** SCRAM credentials of every hash family for {@code password}, derived on a derivation thread. */
  public CompletionStage<Map<ScramAlgorithm, ScramCredential>> credentials(String password) {
    return submit(() -> ScramCredentials.deriveAll(password, ScramCredentials.DEFAULT_ITERATIONS));
  }

  /** The pool as an {@link Executor} (for a stage's async step); it may throw {@link RejectedExecutionException}. */
  public Executor executor() {
    return pool;
  }

  /** Whether {@code t} is refused work (a full queue), possibly wrapped in a completion exception. */
  public static boolean isOverloaded(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RejectedExecutionException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Work waiting for a thread (for status and tests). */
  public int queued() {
    return pool.getQueue().size();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
