package io.switchboard.protocol.util;

import java.time.Duration;

/**
 * Whether a log line for a condition that repeats per stanza (a full queue refusing each one)
 * should be written now: the first time, then at most once per interval, with how many were left
 * out since the last line. Under load such a line otherwise comes thousands of times a minute.
 * Not thread-safe: one per actor or entity, used on its thread.
 */
public final class ThrottledLog {
  private final long intervalNanos;
  private boolean logged;
  private long lastNanos;
  private long skipped;

  public ThrottledLog(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** True when a line is due at {@code nowNanos} ({@link System#nanoTime()}); else one more is left out. */
  public boolean due(long nowNanos) {
    if (logged && nowNanos - lastNanos < intervalNanos) {
      skipped++;
      return false;
    }
    logged = true;
    lastNanos = nowNanos;
    return true;
  }

  /** How many lines were left out since the last one written; counting starts again. */
  public long takeSkipped() {
    long s = skipped;
    skipped = 0;
    return s;
  }
}
