package io.switchboard.bench.scenario;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A timer on one event loop that calls {@code sendOne} at a (changing) total rate, paced by a
 * {@link RatePacer} every {@value #TICK_MILLIS} ms. Late sends are added to the run's
 * {@code sendsLate} counter.
 */
final class PacedTicker {
  static final long TICK_MILLIS = 5;

  private final LoopContext loop;
  private final DoubleSupplier ratePerSecond;
  private final Runnable sendOne;
  private RatePacer pacer;
  private ScheduledFuture<?> task;
  private long lateReported;

  PacedTicker(LoopContext loop, DoubleSupplier ratePerSecond, Runnable sendOne) {
    this.loop = loop;
    this.ratePerSecond = ratePerSecond;
    this.sendOne = sendOne;
  }

  void start() {
    if (task != null) {
      return;
    }
    pacer = new RatePacer(System.nanoTime(), 1.0);
    task = loop.eventLoop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void tick() {
    int due = pacer.take(System.nanoTime(), ratePerSecond.getAsDouble());
    for (int i = 0; i < due; i++) {
      sendOne.run();
    }
    long late = pacer.late();
    if (late > lateReported) {
      loop.metrics().sendsLate.add(late - lateReported);
      lateReported = late;
    }
  }
}
