package io.switchboard.bench.report;

import io.switchboard.bench.run.IntervalSample;
import io.switchboard.bench.run.LoadResult;
import io.switchboard.bench.run.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * PNG plots of a run's time series: throughput (logins, sent, delivered per second), latency
 * (per-interval p50, p99, max) and resources (sessions online, server RSS and CPU).
 */
public final class Plots {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;

  private Plots() {}

  /** Writes throughput.png, latency.png and resources.png into {@code dir}; returns the files. */
  public static List<Path> write(LoadResult r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<IntervalSample> s = r.samples();
    List<LineChart.Band> bands = bands(s);
    List<Path> out = new ArrayList<>();
    LineChart throughput = new LineChart(r.config().scenario() + ": throughput", "seconds", "per second")
        .add(series("delivered/s", s, IntervalSample::deliveredPerSecond))
        .add(series("sent/s", s, IntervalSample::sentPerSecond))
        .add(series("logins/s", s, IntervalSample::loginsPerSecond));
    out.add(png(throughput, bands, dir.resolve("throughput.png")));
    LineChart latency = new LineChart(r.config().scenario() + ": end-to-end latency per interval", "seconds", "ms")
        .add(series("p50", s, IntervalSample::p50Ms))
        .add(series("p99", s, IntervalSample::p99Ms))
        .add(series("max", s, IntervalSample::maxMs));
    out.add(png(latency, bands, dir.resolve("latency.png")));
    LineChart resources = new LineChart(r.config().scenario() + ": sessions and server", "seconds",
        "sessions / 100, MiB, % CPU")
        .add(series("online / 100", s, x -> x.online() / 100.0))
        .add(series("server RSS MiB", s, x -> x.serverRssKb() / 1024.0))
        .add(series("server CPU %", s, IntervalSample::serverCpuPercent))
        .add(series("generator CPU %", s, IntervalSample::generatorCpuPercent));
    out.add(png(resources, bands, dir.resolve("resources.png")));
    return out;
  }

  private static Path png(LineChart chart, List<LineChart.Band> bands, Path file) throws IOException {
    bands.forEach(chart::band);
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(chart.render(WIDTH, HEIGHT), "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
    return file;
  }

  private static LineChart.Series series(String name, List<IntervalSample> s, ToDoubleFunction<IntervalSample> f) {
    double[] x = new double[s.size()];
    double[] y = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      x[i] = s.get(i).seconds();
      y[i] = Math.max(0, f.applyAsDouble(s.get(i)));
    }
    return new LineChart.Series(name, x, y);
  }

  /** Consecutive samples of the same phase make one band, from the previous sample's time. */
  static List<LineChart.Band> bands(List<IntervalSample> s) {
    List<LineChart.Band> out = new ArrayList<>();
    double start = 0;
    for (int i = 0; i < s.size(); i++) {
      Phase p = s.get(i).phase();
      boolean last = i == s.size() - 1 || s.get(i + 1).phase() != p;
      if (last) {
        out.add(new LineChart.Band(p.name().toLowerCase(java.util.Locale.ROOT), start, s.get(i).seconds()));
        start = s.get(i).seconds();
      }
    }
    return out;
  }
}
