package io.switchboard.bench.run;

import io.switchboard.bench.metrics.Metrics;
import io.switchboard.bench.proc.ProcReader;
import io.switchboard.bench.proc.ProcSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Takes one {@link IntervalSample} per call: counter deltas, the latency recorders' interval
 * histograms (added to the run totals), and /proc readings of the server and of this process.
 * Called from one thread only (the run's sampling timer); the totals are read after it stops.
 */
final class Sampler {
  private final Metrics metrics;
  private final ProcReader server;
  private final ProcReader self;
  private final long startNanos;
  private final Supplier<Phase> phase;
  private final Consumer<IntervalSample> listener;
  private final List<IntervalSample> samples = new ArrayList<>();
  private final Histogram latencyTotal;
  private final Histogram loginTotal;
  private volatile boolean recordLatency;
  private Histogram latencyInterval;
  private Histogram loginInterval;
  private long lastNanos;
  private long lastLogins;
  private long lastSent;
  private long lastDelivered;
  private ProcSample lastServer;
  private ProcSample lastSelf;
  private long serverPeakKb;
  private long selfPeakKb;

  Sampler(Metrics metrics, ProcReader server, ProcReader self, long startNanos, Supplier<Phase> phase,
      Consumer<IntervalSample> listener) {
    this.metrics = metrics;
    this.server = server;
    this.self = self;
    this.startNanos = startNanos;
    this.phase = phase;
    this.listener = listener;
    this.lastNanos = startNanos;
    this.latencyTotal = metrics.stanzaLatency().getIntervalHistogram();
    this.latencyTotal.reset();
    this.loginTotal = metrics.loginLatency().getIntervalHistogram();
    this.loginTotal.reset();
    this.lastServer = read(server);
    this.lastSelf = read(self);
  }

  /** From now on stanza latencies count towards the total (the measured phase and the drain). */
  void recordLatency(boolean on) {
    recordLatency = on;
  }

  synchronized IntervalSample sample() {
    long now = System.nanoTime();
    double dt = Math.max(1e-3, (now - lastNanos) / 1e9);
    lastNanos = now;
    latencyInterval = metrics.stanzaLatency().getIntervalHistogram(latencyInterval);
    if (recordLatency) {
      latencyTotal.add(latencyInterval);
    }
    loginInterval = metrics.loginLatency().getIntervalHistogram(loginInterval);
    loginTotal.add(loginInterval);
    long logins = metrics.loginsOk.sum();
    long sent = metrics.sent.sum();
    long delivered = metrics.delivered.sum();
    ProcSample srv = read(server);
    ProcSample me = read(self);
    serverPeakKb = Math.max(serverPeakKb, srv.rssKb());
    selfPeakKb = Math.max(selfPeakKb, me.rssKb());
    boolean anyLatency = latencyInterval.getTotalCount() > 0;
    IntervalSample s = new IntervalSample(
        (now - startNanos) / 1e9,
        phase.get(),
        metrics.online.get(),
        (logins - lastLogins) / dt,
        (sent - lastSent) / dt,
        (delivered - lastDelivered) / dt,
        anyLatency ? latencyInterval.getValueAtPercentile(50) / 1000.0 : 0,
        anyLatency ? latencyInterval.getValueAtPercentile(99) / 1000.0 : 0,
        anyLatency ? latencyInterval.getMaxValue() / 1000.0 : 0,
        srv.rssKb(),
        cpuPercent(lastServer, srv, dt),
        cpuPercent(lastSelf, me, dt),
        metrics.failuresTotal());
    lastLogins = logins;
    lastSent = sent;
    lastDelivered = delivered;
    lastServer = srv;
    lastSelf = me;
    samples.add(s);
    listener.accept(s);
    return s;
  }

  synchronized List<IntervalSample> samples() {
    return List.copyOf(samples);
  }

  synchronized Histogram latencyTotal() {
    return latencyTotal.copy();
  }

  synchronized Histogram loginTotal() {
    return loginTotal.copy();
  }

  synchronized long serverPeakKb() {
    return serverPeakKb;
  }

  synchronized long selfPeakKb() {
    return selfPeakKb;
  }

  static ProcSample read(ProcReader reader) {
    return reader == null ? ProcSample.NONE : reader.read().orElse(ProcSample.NONE);
  }

  static double cpuPercent(ProcSample before, ProcSample after, double seconds) {
    long ticks = after.cpuTicks() - before.cpuTicks();
    return ticks <= 0 || seconds <= 0 ? 0 : 100.0 * ticks / ProcReader.TICKS_PER_SECOND / seconds;
  }
}
