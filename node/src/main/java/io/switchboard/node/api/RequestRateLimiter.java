package io.switchboard.node.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token request budget: a token bucket per key holding up to {@code burst} requests and
 * refilled at {@code ratePerSecond}. Thread-safe; each bucket is updated under its own lock.
 */
final class RequestRateLimiter {
  private final double ratePerSecond;
  private final int burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RequestRateLimiter(double ratePerSecond, int burst, Clock clock) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** 0 when {@code key} may make a request now (and it is counted), else whole seconds to wait. */
  long acquire(String key) {
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, clock.millis()));
    synchronized (b) {
      long now = clock.millis();
      b.tokens = Math.min(burst, b.tokens + (now - b.lastMillis) * ratePerSecond / 1000.0);
      b.lastMillis = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerSecond));
    }
  }

  private static final class Bucket {
    double tokens;
    long lastMillis;

    Bucket(double tokens, long lastMillis) {
      this.tokens = tokens;
      this.lastMillis = lastMillis;
    }
  }
}
