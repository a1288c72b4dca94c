package io.switchboard.node.proxy65;

/**
 * Byte-rate shaping for one direction of a bytestream: a bucket of {@code bytesPerSecond} tokens
 * with one second of burst. After each read the relay asks how long to wait before reading again;
 * the sender is slowed by TCP back-pressure, never disconnected. Not thread-safe: one bucket
 * belongs to one channel and is used on its event loop. Time comes in as nanoseconds from the
 * caller's ticker.
 */
final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private double tokens;
  private long lastNanos;

  TokenBucket(long bytesPerSecond, long nowNanos) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be positive");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = bytesPerSecond;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code bytes} out of the bucket; returns the nanoseconds to wait before the next read. */
  long take(long bytes, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    tokens = Math.min(bytesPerSecond, tokens + (double) elapsed * bytesPerSecond / NANOS_PER_SECOND);
    tokens -= bytes;
    if (tokens >= 0) {
      return 0;
    }
    return (long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond);
  }
}
