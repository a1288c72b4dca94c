package io.switchboard.bench.report;

import io.switchboard.bench.client.LoginFailure;
import io.switchboard.bench.metrics.LatencySummary;
import io.switchboard.bench.run.IntervalSample;
import io.switchboard.bench.run.LoadConfig;
import io.switchboard.bench.run.LoadResult;
import io.switchboard.bench.run.Phase;
import io.switchboard.bench.run.ProcessStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A hand-made result with known figures. */
final class SampleResults {
  private SampleResults() {}

  static LoadResult chat() {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    latency.recordValueWithCount(1_500, 990);    // 1.5 ms
    latency.recordValueWithCount(40_000, 10);    // 40 ms
    Histogram logins = new Histogram(3_600_000_000L, 3);
    logins.recordValueWithCount(5_000, 100);
    LoadConfig config = LoadConfig.builder().server("127.0.0.1", 15222).users(100).scenario("chat")
        .ratePerUser(2).duration(Duration.ofSeconds(10)).serverPid(4242).build();
    List<IntervalSample> samples = List.of(
        new IntervalSample(1, Phase.RAMP, 50, 50, 0, 0, 0, 0, 0, 20_000, 30, 10, 0),
        new IntervalSample(2, Phase.RAMP, 100, 50, 0, 0, 0, 0, 0, 21_000, 30, 10, 0),
        new IntervalSample(3, Phase.MEASURE, 100, 0, 200, 198, 1.5, 40, 41, 21_500, 12.5, 8, 1),
        new IntervalSample(4, Phase.MEASURE, 100, 0, 200, 201, 1.5, 2, 3, 21_600, 12.5, 8, 1));
    return new LoadResult(config, Instant.parse("2026-11-27T15:00:00Z"), 100, 99, 99, 98, 2.0, 49.5,
        LatencySummary.of(logins), Map.of(LoginFailure.AUTH, 1L), 1, 10.0, 200.0, 2000, 1998, 1990, 2, 0, 0,
        LatencySummary.of(latency), Map.of("presenceOther", 7L),
        new ProcessStats(4242, 16_000, 21_000, 21_600, 21_600, 12.5, 30, 50.5),
        new ProcessStats(1, 100_000, 120_000, 121_000, 121_000, 8, 0, 202), samples, latency, logins);
  }
}
