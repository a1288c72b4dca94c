package io.switchboard.node.web;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a connection's own "thread"
 * without a thread per connection (what Netty's event loop is for a TCP stream). At most
 * {@value #BATCH} tasks run per turn so one busy connection does not hold a pool thread.
 */
public final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 64;

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  public SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  /**
   * One turn. The turn ends in {@code finally}: a task that throws an {@link Error} goes on to the
   * pool's thread, but the tasks after it still run in a later turn (without this the executor
   * stayed "scheduled" and the connection's stream never ran another task).
   */
  private void drain() {
    try {
      for (int i = 0; i < BATCH; i++) {
        Runnable r = tasks.poll();
        if (r == null) {
          break;
        }
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("Task failed on a connection's executor: {}", e.toString(), e);
        }
      }
    } finally {
      scheduled.set(false);
      if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
        pool.execute(this::drain);
      }
    }
  }
}
