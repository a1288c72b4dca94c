package io.switchboard.deploy;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition (never for a fixed time) with a deadline that names what was awaited. */
final class Await {
  private static final Duration POLL = Duration.ofMillis(200);

  private Await() {}

  /** Polls until the condition holds; fails naming it when it does not within {@code max}. */
  static void until(String what, Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + max.toSeconds() + " s");
      }
      pause(POLL);
    }
  }

  /** Polls until the condition holds or {@code max} passes; returns whether it held. */
  static boolean quietly(Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(POLL);
    }
    return true;
  }

  /** The interval between two polls. */
  static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
