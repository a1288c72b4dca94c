package io.switchboard.bench.metrics;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, reported in milliseconds.
 *
 * @param count number of recorded values
 * @param meanMs arithmetic mean
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest value
 */
public record LatencySummary(long count, double meanMs, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** HdrHistogram's percentiles are upper bounds of equivalent-value ranges (3 significant digits). */
  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getTotalCount(),
        micros.getMean() / 1000.0,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getValueAtPercentile(99.9) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }
}
