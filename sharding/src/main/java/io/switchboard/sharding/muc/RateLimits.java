package io.switchboard.sharding.muc;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-occupant message rate of a room: a token bucket per occupant id ({@code message-rate}
 * tokens a second, at most {@code message-burst}). In memory only: a restarted room starts every
 * bucket full. After a restart ({@link #excuse}), the occupants who were already in the room are
 * not limited for a while: what their clients sent while the room was down (a failover) arrives
 * at once, and they should not get errors for a burst they did not cause. Owned by the entity's
 * actor.
 */
final class RateLimits {
  private static final long NANOS = 1_000_000_000L;

  private record Bucket(double tokens, long at) {}

  private final double rate;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, Long> excusedUntil = new HashMap<>();

  RateLimits(double rate, int burst, LongSupplier nanoTime) {
    this.rate = rate;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** {@code occupants} (occupant ids) are not limited for {@code grace} from now. */
  void excuse(Collection<String> occupants, Duration grace) {
    long until = nanoTime.getAsLong() + grace.toNanos();
    for (String o : occupants) {
      excusedUntil.put(o, until);
    }
  }

  /** Takes a token for {@code occupant}; false when it has none left. */
  boolean allow(String occupant) {
    long now = nanoTime.getAsLong();
    if (!excusedUntil.isEmpty()) {
      Long until = excusedUntil.get(occupant);
      if (until != null) {
        if (now - until < 0) {
          return true;
        }
        excusedUntil.remove(occupant);
      }
    }
    Bucket b = buckets.get(occupant);
    // max(0, ...): a clock set back refills nothing (rather than taking tokens away).
    double tokens = b == null ? burst : Math.min(burst, b.tokens() + Math.max(0, now - b.at()) * rate / NANOS);
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
    excusedUntil.remove(occupant);
  }
}
