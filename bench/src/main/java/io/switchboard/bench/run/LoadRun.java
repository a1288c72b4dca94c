package io.switchboard.bench.run;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.switchboard.bench.client.ClientSession;
import io.switchboard.bench.client.ClientTls;
import io.switchboard.bench.client.SessionContext;
import io.switchboard.bench.metrics.LatencySummary;
import io.switchboard.bench.metrics.Metrics;
import io.switchboard.bench.metrics.MicroClock;
import io.switchboard.bench.proc.ProcReader;
import io.switchboard.bench.proc.ProcSample;
import io.switchboard.bench.scenario.LoopContext;
import io.switchboard.bench.scenario.Scenario;
import io.switchboard.bench.scenario.Scenarios;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bounded load run: ramp (connect this shard's users at the login rate, at most
 * {@code maxPendingLogins} in progress), settle, the scenario's measured phase, drain, close.
 * {@link #run()} blocks and returns the counts; it is the API for tests and the CLI alike:
 *
 * <pre>{@code
 * LoadResult r = new LoadRun(LoadConfig.builder().server("127.0.0.1", port).users(50)
 *     .scenario("chat").duration(Duration.ofSeconds(5)).build()).run();
 * assertThat(r.loginsOk()).isEqualTo(50);
 * }</pre>
 *
 * Every wait is bounded: the ramp by {@link LoadConfig#rampDeadline()}, the measured phase by its
 * duration, the drain by its limit, the close by {@link #CLOSE_TIMEOUT}. {@link #stop()} (from any
 * thread) ends the current phase early and skips to the close.
 */
public final class LoadRun {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 5;

  private final LoadConfig config;
  private final Consumer<IntervalSample> progress;
  private final Metrics metrics = new Metrics();
  private volatile Phase phase = Phase.START;
  private volatile boolean stopRequested;

  public LoadRun(LoadConfig config) {
    this(config, sample -> { });
  }

  /** @param progress called with each time-series sample, on the sampling thread */
  public LoadRun(LoadConfig config, Consumer<IntervalSample> progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** The run's live counters (for progress displays; the result has the final figures). */
  public Metrics metrics() {
    return metrics;
  }

  public Phase phase() {
    return phase;
  }

  /** Ends the current phase early; the run then closes its sessions and returns. */
  public void stop() {
    stopRequested = true;
  }

  /** Runs all phases and returns the figures. Blocks for about ramp + settle + duration + drain. */
  public LoadResult run() throws InterruptedException, SSLException {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    SslContext ssl = config.client().startTls() ? ClientTls.context(config.tlsPinSha256()) : null;
    Transport transport = Transport.detect();
    EventLoopGroup group = transport.group(config.threads());
    Scenario scenario = Scenarios.create(config.scenario(), config.scenarioSettings());
    MicroClock clock = MicroClock.system();
    List<Loop> loops = new ArrayList<>();
    for (EventExecutor executor : group) {
      Loop loop = new Loop((EventLoop) executor, metrics);
      loop.bind(new SessionContext(config.client(), loop, ssl),
          scenario.onLoop(new LoopContext(loop.eventLoop, loop.online, metrics, clock,
              config.client().credentials(), config.users(), config.scenarioSettings())));
      loops.add(loop);
    }
    ProcReader serverProc = config.serverPid() > 0 ? ProcReader.of(config.serverPid()) : null;
    ProcReader selfProc = ProcReader.self();
    Sampler sampler = new Sampler(metrics, serverProc, selfProc, t0, () -> phase, progress);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-sampler");
      t.setDaemon(true);
      return t;
    });
    long interval = config.sampleInterval().toMillis();
    timer.scheduleAtFixedRate(() -> safely(sampler::sample), interval, interval, TimeUnit.MILLISECONDS);
    LOG.info("{} run: {} users ({}..{}) against {} via {}, {}", config.scenario(), config.users().shardCount(),
        config.users().shardFirst(), config.users().shardFirst() + config.users().shardCount() - 1,
        config.servers(), transport, ssl == null ? "no TLS" : "STARTTLS/" + ClientTls.provider());

    if (config.scramKeyFile() != null && config.client().scramKeys() != null) {
      loadKeys();
    }
    List<ClientSession> sessions = new ArrayList<>(config.users().shardCount());
    Bootstrap template = transport.bootstrap();
    try {
      ProcSample serverBefore = Sampler.read(serverProc);
      ProcSample selfBefore = Sampler.read(selfProc);
      // ---- ramp ----
      phase = Phase.RAMP;
      long rampStart = System.nanoTime();
      ramp(template, loops, sessions, rampStart);
      long rampEndLogin = metrics.lastLoginNanos;
      double rampSeconds = rampEndLogin > rampStart ? (rampEndLogin - rampStart) / 1e9 : 0;
      ProcSample serverRampEnd = Sampler.read(serverProc);
      double rampCpu = Sampler.cpuPercent(serverBefore, serverRampEnd, (System.nanoTime() - rampStart) / 1e9);
      // ---- settle ----
      phase = Phase.SETTLE;
      sleepUnlessStopped(config.settle());
      ProcSample serverIdle = Sampler.read(serverProc);
      ProcSample selfIdle = Sampler.read(selfProc);
      int onlineAtStart = metrics.online.get();
      // ---- measure ----
      phase = Phase.MEASURE;
      sampler.sample(); // close the interval before traffic so the time series separates phases
      metrics.stanzaLatency().reset();
      sampler.recordLatency(true);
      long sentBefore = metrics.sent.sum();
      long deliveredBefore = metrics.delivered.sum();
      long errorsBefore = metrics.stanzaErrors.sum();
      long blockedBefore = metrics.sendsBlocked.sum();
      long lateBefore = metrics.sendsLate.sum();
      long measureStart = System.nanoTime();
      for (Loop loop : loops) {
        loop.eventLoop.execute(loop.scenario()::startTraffic);
      }
      sleepUnlessStopped(config.duration());
      // Wait for every loop to stop: a send already due on a loop would otherwise be missing from "sent".
      List<Future<?>> stopped = new ArrayList<>();
      for (Loop loop : loops) {
        stopped.add(loop.eventLoop.submit(loop.scenario()::stopTraffic));
      }
      for (Future<?> f : stopped) {
        f.await(5, TimeUnit.SECONDS);
      }
      double measuredSeconds = (System.nanoTime() - measureStart) / 1e9;
      long deliveredInWindow = metrics.delivered.sum() - deliveredBefore;
      long sent = metrics.sent.sum() - sentBefore;
      ProcSample serverEnd = Sampler.read(serverProc);
      ProcSample selfEnd = Sampler.read(selfProc);
      // ---- drain ----
      phase = Phase.DRAIN;
      drain(sent, deliveredBefore, scenario.deliversOncePerSend());
      int onlineAtEnd = metrics.online.get();
      long delivered = metrics.delivered.sum() - deliveredBefore;
      sampler.sample();
      sampler.recordLatency(false);
      // ---- close ----
      phase = Phase.CLOSE;
      close(sessions);
      phase = Phase.DONE;
      sampler.sample();
      if (config.scramKeyFile() != null && config.client().scramKeys() != null) {
        saveKeys();
      }

      ProcessStats server = serverProc == null ? ProcessStats.NONE : stats(config.serverPid(), serverBefore,
          serverIdle, sampler.serverPeakKb(), serverEnd, serverIdle, measuredSeconds, rampCpu, onlineAtStart);
      ProcessStats generator = stats(ProcessHandle.current().pid(), selfBefore, selfIdle, sampler.selfPeakKb(),
          selfEnd, selfIdle, measuredSeconds, 0, onlineAtStart);
      return new LoadResult(config, startedAt, sessions.size(), metrics.loginsOk.sum(), onlineAtStart, onlineAtEnd,
          rampSeconds, rampSeconds > 0 ? metrics.loginsOk.sum() / rampSeconds : 0,
          LatencySummary.of(sampler.loginTotal()), metrics.failures(), metrics.sessionsLost.sum(),
          measuredSeconds, scenario.offeredPerSecond(onlineAtStart), sent, delivered, deliveredInWindow,
          metrics.stanzaErrors.sum() - errorsBefore, metrics.sendsBlocked.sum() - blockedBefore,
          metrics.sendsLate.sum() - lateBefore, LatencySummary.of(sampler.latencyTotal()), metrics.extras(),
          server, generator, sampler.samples(), sampler.latencyTotal(), sampler.loginTotal());
    } finally {
      timer.shutdownNow();
      for (ClientSession s : sessions) {
        s.closeStream();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts connections at the login rate (open loop, but never more than maxPendingLogins in
   * progress), then waits for the last logins. Bounded by the ramp deadline.
   */
  private void ramp(Bootstrap template, List<Loop> loops, List<ClientSession> sessions, long rampStart)
      throws InterruptedException {
    int count = config.users().shardCount();
    long deadline = rampStart + config.rampDeadline().toNanos();
    List<InetSocketAddress> servers = config.servers();
    List<InetAddress> sources = config.sourceAddresses();
    int next = 0;
    while (next < count && !stopRequested && System.nanoTime() < deadline) {
      double elapsed = (System.nanoTime() - rampStart) / 1e9;
      long due = Math.min(count, (long) (config.loginRate() * elapsed) + 1);
      while (next < due && metrics.loginsInFlight.get() < config.maxPendingLogins()) {
        int user = config.users().shardFirst() + next;
        Loop loop = loops.get(next % loops.size());
        InetSocketAddress server = servers.get(next % servers.size());
        InetAddress source = sources.isEmpty() ? null : sources.get(user % sources.size());
        sessions.add(connect(template, loop, user, server, source));
        next++;
      }
      Thread.sleep(POLL_MILLIS);
    }
    while (metrics.loginsInFlight.get() > 0 && !stopRequested && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    if (metrics.loginsInFlight.get() > 0) {
      LOG.warn("ramp ended with {} logins still in progress", metrics.loginsInFlight.get());
    }
  }

  private ClientSession connect(Bootstrap template, Loop loop, int user, InetSocketAddress server, InetAddress source) {
    metrics.connectsStarted.increment();
    metrics.loginsInFlight.incrementAndGet();
    ClientSession session = new ClientSession(loop.context(), user, System.nanoTime());
    Bootstrap b = template.clone(loop.eventLoop).handler(session);
    ChannelFuture f = source == null ? b.connect(server) : b.connect(server, new InetSocketAddress(source, 0));
    f.addListener(done -> {
      if (!done.isSuccess()) {
        Throwable cause = done.cause();
        loop.eventLoop.execute(() -> session.connectFailed(cause));
      }
    });
    return session;
  }

  /** Waits until every sent stanza is accounted for, or deliveries stop for a second, or the limit. */
  private void drain(long sent, long deliveredBefore, boolean oncePerSend) throws InterruptedException {
    long deadline = System.nanoTime() + config.drain().toNanos();
    long last = -1;
    long lastChange = System.nanoTime();
    while (!stopRequested && System.nanoTime() < deadline) {
      long delivered = metrics.delivered.sum() - deliveredBefore;
      if (oncePerSend && delivered + metrics.stanzaErrors.sum() >= sent) {
        return;
      }
      if (delivered != last) {
        last = delivered;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 1_000_000_000L) {
        return;
      }
      Thread.sleep(POLL_MILLIS * 10);
    }
  }

  private void close(List<ClientSession> sessions) throws InterruptedException {
    for (ClientSession s : sessions) {
      s.closeStream();
    }
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    while ((metrics.online.get() > 0 || metrics.loginsInFlight.get() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS * 10);
    }
  }

  private void sleepUnlessStopped(Duration d) throws InterruptedException {
    long deadline = System.nanoTime() + d.toNanos();
    while (!stopRequested) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
    }
  }

  private static ProcessStats stats(long pid, ProcSample before, ProcSample idle, long peakKb, ProcSample end,
      ProcSample measureStart, double measuredSeconds, double rampCpu, int online) {
    double perSession = online > 0 ? (idle.rssKb() - before.rssKb()) / (double) online : 0;
    return new ProcessStats(pid, before.rssKb(), idle.rssKb(), Math.max(peakKb, end.rssKb()), end.rssKb(),
        Sampler.cpuPercent(measureStart, end, measuredSeconds), rampCpu, perSession);
  }

  private void loadKeys() {
    try {
      config.client().scramKeys().load(config.scramKeyFile());
      LOG.info("{} SCRAM keys loaded from {}", config.client().scramKeys().size(), config.scramKeyFile());
    } catch (java.io.IOException e) {
      LOG.warn("could not read SCRAM keys from {}: {}", config.scramKeyFile(), e.toString());
    }
  }

  private void saveKeys() {
    try {
      config.client().scramKeys().save(config.scramKeyFile());
    } catch (java.io.IOException e) {
      LOG.warn("could not save SCRAM keys to {}: {}", config.scramKeyFile(), e.toString());
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("sampling failed: {}", e.toString());
    }
  }
}
