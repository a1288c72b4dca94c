package io.switchboard.bench.run;

/**
 * One point of the run's time series (one sample interval).
 *
 * @param seconds end of the interval, seconds since the run started
 * @param phase the run's phase at the end of the interval
 * @param online sessions online
 * @param loginsPerSecond successful logins in the interval, per second
 * @param sentPerSecond scenario stanzas sent, per second
 * @param deliveredPerSecond stamped stanzas received, per second
 * @param p50Ms median latency of stanzas received in the interval (0 when none)
 * @param p99Ms 99th percentile of the same
 * @param maxMs largest latency of the same
 * @param serverRssKb server RSS (0 without a server pid)
 * @param serverCpuPercent server CPU over the interval, 100 = one core
 * @param generatorCpuPercent this process's CPU over the interval
 * @param failures login failures and lost sessions so far
 */
public record IntervalSample(
    double seconds,
    Phase phase,
    int online,
    double loginsPerSecond,
    double sentPerSecond,
    double deliveredPerSecond,
    double p50Ms,
    double p99Ms,
    double maxMs,
    long serverRssKb,
    double serverCpuPercent,
    double generatorCpuPercent,
    long failures) {}
