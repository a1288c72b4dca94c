package io.switchboard.bench.scenario;

/**
 * Open-loop pacing for a ticker: each {@link #take} adds {@code rate × elapsed} of credit and
 * returns its whole part. Credit beyond {@code maxBurstSeconds} of the current rate is dropped and
 * counted as late, so a generator that falls behind reports it instead of bursting to catch up.
 */
public final class RatePacer {
  private final double maxBurstSeconds;
  private long lastNanos;
  private double credit;
  private long late;

  public RatePacer(long startNanos, double maxBurstSeconds) {
    if (maxBurstSeconds <= 0) {
      throw new IllegalArgumentException("maxBurstSeconds must be positive");
    }
    this.lastNanos = startNanos;
    this.maxBurstSeconds = maxBurstSeconds;
  }

  /** How many operations are due now at {@code ratePerSecond} (which may change between calls). */
  public int take(long nowNanos, double ratePerSecond) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    credit += Math.max(0, ratePerSecond) * elapsed / 1e9;
    double cap = Math.max(1.0, ratePerSecond * maxBurstSeconds);
    if (credit > cap) {
      long dropped = (long) (credit - cap);
      late += dropped;
      credit -= dropped;
    }
    int due = (int) Math.min(Integer.MAX_VALUE, (long) (credit + 1e-9)); // 1e-9: float sums of exact rates
    credit = Math.max(0, credit - due);
    return due;
  }

  /** Operations dropped so far because they would have been sent later than the burst allows. */
  public long late() {
    return late;
  }
}
