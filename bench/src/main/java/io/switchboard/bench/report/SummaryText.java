package io.switchboard.bench.report;

import io.switchboard.bench.metrics.LatencySummary;
import io.switchboard.bench.run.LoadConfig;
import io.switchboard.bench.run.LoadResult;
import io.switchboard.bench.run.ProcessStats;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The one-screen summary printed at the end of a run. */
public final class SummaryText {
  private SummaryText() {}

  public static String format(LoadResult r, String label) {
    LoadConfig c = r.config();
    StringBuilder sb = new StringBuilder(1024);
    line(sb, "== %s run%s: %s, %s%s, users %d..%d, %d thread(s)", c.scenario(),
        label == null || label.isBlank() ? "" : " [" + label + "]",
        c.servers().stream().map(s -> s.getAddress().getHostAddress() + ":" + s.getPort()).collect(Collectors.joining(",")),
        c.client().mechanism().saslName(), c.client().startTls() ? " over STARTTLS" : " without TLS",
        c.users().shardFirst(), c.users().shardFirst() + c.users().shardCount() - 1, c.threads());
    line(sb, "sessions   : %d attempted, %d online at start of %s, %d at end, %d lost", r.sessionsAttempted(),
        r.onlineAtMeasureStart(), c.scenario(), r.onlineAtEnd(), r.sessionsLost());
    line(sb, "logins     : %d ok in %.1f s = %.0f/s (offered %.0f/s); latency %s", r.loginsOk(), r.rampSeconds(),
        r.loginsPerSecond(), c.loginRate(), latency(r.loginLatency()));
    if (!c.scenario().equals("idle")) {
      line(sb, "traffic    : %.1f s, sent %d (%.0f/s, offered %.0f/s), delivered %d in window (%.0f/s), %d incl. drain",
          r.measuredSeconds(), r.sent(), r.sentPerSecond(),
          r.offeredPerSecond(), r.deliveredInWindow(),
          r.deliveredPerSecond(), r.delivered());
      line(sb, "latency    : %s", latency(r.latency()));
      Long expected = r.extras().get("expectedCopies");
      if (expected != null) {
        line(sb, "fan-out    : %d copies expected, %d delivered (%.1f per message), %d lost", expected, r.delivered(),
            r.sent() == 0 ? 0.0 : (double) r.delivered() / r.sent(), Math.max(0, expected - r.delivered()));
      }
      if (r.sendsBlocked() > 0 || r.sendsLate() > 0) {
        line(sb, "generator  : %d sends skipped on full channels, %d late (generator behind schedule)",
            r.sendsBlocked(), r.sendsLate());
      }
    } else {
      line(sb, "held       : %.1f s", r.measuredSeconds());
    }
    line(sb, "errors     : %d total; login/session failures %s; error stanzas %d", r.errorsTotal(),
        r.failures().isEmpty() ? "none" : r.failures().toString(), r.stanzaErrors());
    ProcessStats s = r.server();
    if (s.pid() > 0) {
      line(sb, "server     : pid %d, RSS %s before, %s idle (%.1f KiB/session), peak %s, end %s", s.pid(),
          mib(s.rssBeforeKb()), mib(s.rssIdleKb()), s.kibPerSession(), mib(s.rssPeakKb()), mib(s.rssEndKb()));
      line(sb, "server CPU : %.0f%% during ramp, %.0f%% during %s (100%% = one core)", s.cpuPercentRamp(),
          s.cpuPercentMeasure(), c.scenario());
    } else {
      line(sb, "server     : not sampled (give --server-pid)");
    }
    ProcessStats g = r.generator();
    line(sb, "generator  : RSS %s idle (%.1f KiB/session incl. heap growth), CPU %.0f%% during %s", mib(g.rssIdleKb()),
        g.kibPerSession(), g.cpuPercentMeasure(), c.scenario());
    Map<String, Long> extras = r.extras();
    if (!extras.isEmpty()) {
      line(sb, "counters   : %s", extras);
    }
    return sb.toString();
  }

  static String latency(LatencySummary l) {
    if (l.count() == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "p50 %s p99 %s p99.9 %s max %s (n=%d)", ms(l.p50Ms()), ms(l.p99Ms()),
        ms(l.p999Ms()), ms(l.maxMs()), l.count());
  }

  static String ms(double ms) {
    return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
  }

  static String mib(long kb) {
    return String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
