package io.switchboard.node.web;

/**
 * A token bucket of {@code bytesPerSecond} with one second of burst, for the inbound bytes of one
 * connection: how long to wait before reading on, so a fast client is slowed, not disconnected.
 * Not thread-safe (one connection's reads are sequential). Time is passed in.
 */
public final class ByteRate {
  private final long bytesPerSecond;
  private double tokens;
  private long lastNanos;

  public ByteRate(long bytesPerSecond, long nowNanos) {
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = bytesPerSecond;
    this.lastNanos = nowNanos;
  }

  /** {@code bytes} were read at {@code nowNanos}; returns the nanoseconds to wait before the next read. */
  public long read(int bytes, long nowNanos) {
    tokens = Math.min(bytesPerSecond, tokens + (nowNanos - lastNanos) * (bytesPerSecond / 1e9));
    lastNanos = nowNanos;
    tokens -= bytes;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1e9 / bytesPerSecond);
  }
}
