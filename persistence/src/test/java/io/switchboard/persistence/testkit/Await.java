package io.switchboard.persistence.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait: poll a condition until it holds or a deadline passes, instead of a fixed
 * sleep. A negative ("nothing else arrived") is asserted only after a positive that proves
 * delivery has happened.
 */
public final class Await {
  private static final long POLL_MILLIS = 100;

  private Await() {}

  /** Waits until {@code condition} holds; fails with {@code what} after {@code within}. */
  public static void until(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + within);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * As {@link #until(String, Duration, BooleanSupplier)}; the failure adds {@code detail} (read
   * then: a client's log, the last status).
   */
  public static void until(String what, Duration within, BooleanSupplier condition, Supplier<String> detail)
      throws InterruptedException {
    if (!quietly(within, condition)) {
      throw new AssertionError(what + ": not within " + within + "; " + detail.get());
    }
  }

  /**
   * Waits until {@code value} yields {@code expected}; the failure names the last value seen.
   */
  public static <T> void equal(String what, Duration within, T expected, Supplier<T> value)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    T last = value.get();
    while (!java.util.Objects.equals(last, expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": expected " + expected + " within " + within + ", last " + last);
      }
      Thread.sleep(POLL_MILLIS);
      last = value.get();
    }
  }

  /** Waits until {@code condition} holds or {@code within} passes; returns whether it held. */
  public static boolean quietly(Duration within, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
