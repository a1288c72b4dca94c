package io.switchboard.sharding.muc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-occupant message rate of a room: a token bucket per occupant id ({@code message-rate}
 * tokens a second, at most {@code message-burst}). In memory only: a restarted room starts every
 * bucket full. Owned by the entity's actor.
 */
final class RateLimits {
  private static final long NANOS = 1_000_000_000L;

  private record Bucket(double tokens, long at) {}

  private final double rate;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new HashMap<>();

  RateLimits(double rate, int burst, LongSupplier nanoTime) {
    this.rate = rate;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Takes a token for {@code occupant}; false when it has none left. */
  boolean allow(String occupant) {
    long now = nanoTime.getAsLong();
    Bucket b = buckets.get(occupant);
    double tokens = b == null ? burst : Math.min(burst, b.tokens() + (now - b.at()) * rate / NANOS);
    if (tokens < 1) {
      buckets.put(occupant, new Bucket(tokens, now));
      return false;
    }
    buckets.put(occupant, new Bucket(tokens - 1, now));
    if (buckets.size() > 10_000) {
      buckets.clear(); // bounded: forgetting a bucket only refills it
    }
    return true;
  }

  void forget(String occupant) {
    buckets.remove(occupant);
  }
}
