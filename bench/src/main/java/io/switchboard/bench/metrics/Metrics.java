package io.switchboard.bench.metrics;

import io.switchboard.bench.client.LoginFailure;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The counters and latency recorders of one run, written from the event loops and read by the
 * sampler. Counters are {@link LongAdder}s; latencies go into HdrHistogram {@link Recorder}s
 * (wait-free for writers; the sampler takes interval histograms). Latencies are recorded in
 * microseconds, from 1 µs to 1 hour at 3 significant digits.
 */
public final class Metrics {
  static final long HIGHEST_MICROS = 3_600_000_000L;

  public final LongAdder connectsStarted = new LongAdder();
  public final LongAdder loginsOk = new LongAdder();
  /** Stanzas the scenario sent (chat messages, presence broadcasts, ...). */
  public final LongAdder sent = new LongAdder();
  /** Stamped stanzas received back (messages, presence fan-out). */
  public final LongAdder delivered = new LongAdder();
  /** Error stanzas received in answer to what the scenario sent. */
  public final LongAdder stanzaErrors = new LongAdder();
  /** Sends skipped because the channel was not writable (server not reading fast enough). */
  public final LongAdder sendsBlocked = new LongAdder();
  /** Sends the pacer could not make on time (the generator itself fell behind). */
  public final LongAdder sendsLate = new LongAdder();
  /** Sessions that were online and were lost before the run closed them. */
  public final LongAdder sessionsLost = new LongAdder();
  public final AtomicInteger online = new AtomicInteger();
  public final AtomicInteger loginsInFlight = new AtomicInteger();
  /** Wall time ({@link System#nanoTime()}) of the latest successful login. */
  public volatile long lastLoginNanos;

  private final Map<LoginFailure, LongAdder> failures = new EnumMap<>(LoginFailure.class);
  private final Map<String, LongAdder> extra = new ConcurrentHashMap<>();
  private final Recorder loginLatency = new Recorder(HIGHEST_MICROS, 3);
  private final Recorder stanzaLatency = new Recorder(HIGHEST_MICROS, 3);

  public Metrics() {
    for (LoginFailure f : LoginFailure.values()) {
      failures.put(f, new LongAdder());
    }
  }

  public void failure(LoginFailure reason) {
    failures.get(reason).increment();
  }

  /** A scenario-specific counter, created on first use. */
  public LongAdder extra(String name) {
    return extra.computeIfAbsent(name, k -> new LongAdder());
  }

  public void recordLogin(long nanos) {
    loginLatency.recordValue(clamp(nanos / 1_000));
  }

  public void recordStanzaLatency(long micros) {
    stanzaLatency.recordValue(clamp(micros));
  }

  public Recorder loginLatency() {
    return loginLatency;
  }

  public Recorder stanzaLatency() {
    return stanzaLatency;
  }

  public long failuresTotal() {
    return failures.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Non-zero failure counts by reason. */
  public Map<LoginFailure, Long> failures() {
    Map<LoginFailure, Long> out = new EnumMap<>(LoginFailure.class);
    failures.forEach((k, v) -> {
      if (v.sum() > 0) {
        out.put(k, v.sum());
      }
    });
    return out;
  }

  public Map<String, Long> extras() {
    Map<String, Long> out = new TreeMap<>();
    extra.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Negative values (clock steps between processes) count as 0; huge ones as the maximum. */
  static long clamp(long micros) {
    return Math.max(0, Math.min(micros, HIGHEST_MICROS));
  }
}
