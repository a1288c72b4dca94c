package io.switchboard.bench.run;

import io.switchboard.bench.client.LoginFailure;
import io.switchboard.bench.metrics.LatencySummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run measured. Counts are exact; rates divide by the phase's measured wall time.
 *
 * @param config what was run
 * @param startedAt wall clock at start
 * @param sessionsAttempted connection attempts (this shard's users, or fewer when stopped early)
 * @param loginsOk sessions that came online
 * @param onlineAtMeasureStart sessions online when traffic started
 * @param onlineAtEnd sessions online when the run began to close them
 * @param rampSeconds first connect to last successful login
 * @param loginsPerSecond loginsOk / rampSeconds
 * @param loginLatency connect to initial presence
 * @param failures login failures and lost sessions by reason
 * @param sessionsLost sessions that were online and dropped before the close
 * @param measuredSeconds length of the measured phase
 * @param sent scenario stanzas sent during the measured phase
 * @param delivered stamped stanzas received during the measured phase and the drain
 * @param deliveredInWindow stamped stanzas received during the measured phase only
 * @param stanzaErrors error stanzas received
 * @param sendsBlocked sends skipped on non-writable channels
 * @param sendsLate sends the generator could not make on schedule
 * @param latency end-to-end latency of stamped stanzas received in the measured phase and drain
 * @param extras scenario-specific counters
 * @param server server process figures (pid 0 without --server-pid)
 * @param generator this process's figures
 * @param samples the time series
 * @param latencyHistogram the latency histogram (µs), for merging shards
 * @param loginHistogram the login latency histogram (µs)
 */
public record LoadResult(
    LoadConfig config,
    Instant startedAt,
    int sessionsAttempted,
    long loginsOk,
    int onlineAtMeasureStart,
    int onlineAtEnd,
    double rampSeconds,
    double loginsPerSecond,
    LatencySummary loginLatency,
    Map<LoginFailure, Long> failures,
    long sessionsLost,
    double measuredSeconds,
    double offeredPerSecond,
    long sent,
    long delivered,
    long deliveredInWindow,
    long stanzaErrors,
    long sendsBlocked,
    long sendsLate,
    LatencySummary latency,
    Map<String, Long> extras,
    ProcessStats server,
    ProcessStats generator,
    List<IntervalSample> samples,
    Histogram latencyHistogram,
    Histogram loginHistogram) {

  public LoadResult {
    failures = Map.copyOf(failures);
    extras = Map.copyOf(extras);
    samples = List.copyOf(samples);
  }

  public long failuresTotal() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Login failures, lost sessions and error stanzas. */
  public long errorsTotal() {
    return failuresTotal() + stanzaErrors;
  }

  public double sentPerSecond() {
    return measuredSeconds > 0 ? sent / measuredSeconds : 0;
  }

  public double deliveredPerSecond() {
    return measuredSeconds > 0 ? deliveredInWindow / measuredSeconds : 0;
  }
}
