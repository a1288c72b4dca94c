package io.switchboard.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void of_uniformOneToThousandMs_percentilesWithinHdrPrecision() {
    Histogram h = new Histogram(Metrics.HIGHEST_MICROS, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1000L);
    }

    LatencySummary s = LatencySummary.of(h);

    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50Ms()).isCloseTo(500, within(0.5));
    assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
    assertThat(s.p999Ms()).isCloseTo(999, within(1.0));
    assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
    assertThat(s.meanMs()).isCloseTo(500.5, within(0.5));
  }

  @Test
  void of_skewedTail_p99SeesTheTailAndP50DoesNot() {
    Histogram h = new Histogram(Metrics.HIGHEST_MICROS, 3);
    h.recordValueWithCount(2_000, 985);   // 2 ms
    h.recordValueWithCount(150_000, 15);  // 150 ms: 1.5 % of samples

    LatencySummary s = LatencySummary.of(h);

    assertThat(s.p50Ms()).isCloseTo(2, within(0.01));
    assertThat(s.p99Ms()).isCloseTo(150, within(0.2));
  }

  @Test
  void of_empty_isEmpty() {
    assertThat(LatencySummary.of(new Histogram(Metrics.HIGHEST_MICROS, 3))).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void recordStanzaLatency_negativeOrHuge_clampedIntoRange() {
    Metrics m = new Metrics();
    m.recordStanzaLatency(-5);
    m.recordStanzaLatency(Long.MAX_VALUE);
    Histogram h = m.stanzaLatency().getIntervalHistogram();

    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getMinValue()).isZero();
    assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(Metrics.HIGHEST_MICROS);
  }

  @Test
  void failures_onlyNonZeroReasonsReported() {
    Metrics m = new Metrics();
    m.failure(io.switchboard.bench.client.LoginFailure.AUTH);
    m.failure(io.switchboard.bench.client.LoginFailure.AUTH);
    m.failure(io.switchboard.bench.client.LoginFailure.TIMEOUT);

    assertThat(m.failures()).containsOnlyKeys(io.switchboard.bench.client.LoginFailure.AUTH,
        io.switchboard.bench.client.LoginFailure.TIMEOUT);
    assertThat(m.failuresTotal()).isEqualTo(3);
  }
}
