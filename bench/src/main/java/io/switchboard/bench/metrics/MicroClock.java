package io.switchboard.bench.metrics;

import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch, read cheaply: the epoch offset is taken once from
 * {@link Instant#now()} and advanced with {@link System#nanoTime()}. Processes on one machine share
 * the wall clock, so a stamp written by one generator process can be read by another (shards).
 */
public interface MicroClock {
  long nowMicros();

  /** The system clock as described above. */
  static MicroClock system() {
    Instant base = Instant.now();
    long baseNanos = System.nanoTime();
    long baseMicros = base.getEpochSecond() * 1_000_000L + base.getNano() / 1_000;
    return () -> baseMicros + (System.nanoTime() - baseNanos) / 1_000;
  }
}
