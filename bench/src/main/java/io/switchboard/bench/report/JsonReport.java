package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.metrics.LatencySummary;
import io.switchboard.bench.run.IntervalSample;
import io.switchboard.bench.run.LoadConfig;
import io.switchboard.bench.run.LoadResult;
import io.switchboard.bench.run.ProcessStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * The machine-readable result. Field names are stable; latencies are in milliseconds, rates per
 * second, memory in KiB. {@code histograms} holds HdrHistogram's compressed encoding (base64, µs)
 * so shards can be merged exactly. Passwords are never written.
 */
public final class JsonReport {
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static ObjectNode toJson(LoadResult r, String label) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("label", label == null ? "" : label);
    root.put("startedAt", r.startedAt().toString());
    root.set("config", config(r.config()));
    ObjectNode sessions = root.putObject("sessions");
    sessions.put("attempted", r.sessionsAttempted());
    sessions.put("loginsOk", r.loginsOk());
    sessions.put("onlineAtMeasureStart", r.onlineAtMeasureStart());
    sessions.put("onlineAtEnd", r.onlineAtEnd());
    sessions.put("lost", r.sessionsLost());
    ObjectNode logins = root.putObject("logins");
    logins.put("rampSeconds", r.rampSeconds());
    logins.put("perSecond", r.loginsPerSecond());
    logins.set("latency", latency(r.loginLatency()));
    ObjectNode traffic = root.putObject("traffic");
    traffic.put("measuredSeconds", r.measuredSeconds());
    traffic.put("offeredPerSecond", r.offeredPerSecond());
    traffic.put("sent", r.sent());
    traffic.put("sentPerSecond", r.sentPerSecond());
    traffic.put("delivered", r.delivered());
    traffic.put("deliveredInWindow", r.deliveredInWindow());
    traffic.put("deliveredPerSecond", r.deliveredPerSecond());
    traffic.put("sendsBlocked", r.sendsBlocked());
    traffic.put("sendsLate", r.sendsLate());
    traffic.set("latency", latency(r.latency()));
    ObjectNode errors = root.putObject("errors");
    errors.put("total", r.errorsTotal());
    errors.put("stanzaErrors", r.stanzaErrors());
    ObjectNode failures = errors.putObject("failures");
    r.failures().forEach((k, v) -> failures.put(k.name(), v));
    ObjectNode extras = root.putObject("counters");
    r.extras().forEach(extras::put);
    root.set("server", process(r.server()));
    root.set("generator", process(r.generator()));
    ObjectNode histograms = root.putObject("histograms");
    histograms.put("latencyMicros", encode(r.latencyHistogram()));
    histograms.put("loginMicros", encode(r.loginHistogram()));
    ArrayNode series = root.putArray("samples");
    for (IntervalSample s : r.samples()) {
      ObjectNode n = series.addObject();
      n.put("t", round(s.seconds()));
      n.put("phase", s.phase().name());
      n.put("online", s.online());
      n.put("loginsPerSecond", round(s.loginsPerSecond()));
      n.put("sentPerSecond", round(s.sentPerSecond()));
      n.put("deliveredPerSecond", round(s.deliveredPerSecond()));
      n.put("p50Ms", s.p50Ms());
      n.put("p99Ms", s.p99Ms());
      n.put("maxMs", s.maxMs());
      n.put("serverRssKb", s.serverRssKb());
      n.put("serverCpuPercent", round(s.serverCpuPercent()));
      n.put("generatorCpuPercent", round(s.generatorCpuPercent()));
      n.put("failures", s.failures());
    }
    return root;
  }

  public static String toString(LoadResult r, String label) {
    try {
      return MAPPER.writeValueAsString(toJson(r, label));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(LoadResult r, String label, Path file) throws IOException {
    Files.writeString(file, toString(r, label) + "\n");
  }

  /** Decodes a histogram written by {@link #toJson}. */
  public static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram", e);
    }
  }

  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    byte[] bytes = new byte[n];
    buf.flip();
    buf.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static ObjectNode config(LoadConfig c) {
    ObjectNode n = MAPPER.createObjectNode();
    ArrayNode servers = n.putArray("servers");
    c.servers().forEach(s -> servers.add(s.getAddress().getHostAddress() + ":" + s.getPort()));
    n.put("domain", c.client().credentials().domain());
    n.put("userPrefix", c.client().credentials().userPrefix());
    n.put("mechanism", c.client().mechanism().saslName());
    n.put("startTls", c.client().startTls());
    n.put("rosterGet", c.client().rosterGet());
    n.put("streamManagement", c.client().streamManagement());
    n.put("firstUser", c.users().firstUser());
    n.put("totalUsers", c.users().totalUsers());
    n.put("shardFirst", c.users().shardFirst());
    n.put("shardCount", c.users().shardCount());
    n.put("loginRate", c.loginRate());
    n.put("maxPendingLogins", c.maxPendingLogins());
    n.put("scenario", c.scenario());
    n.put("ratePerUser", c.scenarioSettings().ratePerUser());
    n.put("payloadChars", c.scenarioSettings().payloadChars());
    n.put("targets", c.scenarioSettings().targets().name());
    n.put("contacts", c.scenarioSettings().contacts());
    n.put("subscribe", c.scenarioSettings().subscribe());
    n.put("pubsubService", c.scenarioSettings().pubsubService());
    n.put("pubsubNode", c.scenarioSettings().pubsubNode());
    n.put("settleSeconds", c.settle().toMillis() / 1000.0);
    n.put("durationSeconds", c.duration().toMillis() / 1000.0);
    n.put("drainSeconds", c.drain().toMillis() / 1000.0);
    n.put("threads", c.threads());
    n.put("sourceAddresses", c.sourceAddresses().size());
    n.put("serverPid", c.serverPid());
    return n;
  }

  private static ObjectNode latency(LatencySummary l) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("count", l.count());
    n.put("meanMs", l.meanMs());
    n.put("p50Ms", l.p50Ms());
    n.put("p99Ms", l.p99Ms());
    n.put("p999Ms", l.p999Ms());
    n.put("maxMs", l.maxMs());
    return n;
  }

  private static ObjectNode process(ProcessStats p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pid", p.pid());
    n.put("rssBeforeKb", p.rssBeforeKb());
    n.put("rssIdleKb", p.rssIdleKb());
    n.put("rssPeakKb", p.rssPeakKb());
    n.put("rssEndKb", p.rssEndKb());
    n.put("kibPerSession", round(p.kibPerSession()));
    n.put("cpuPercentRamp", round(p.cpuPercentRamp()));
    n.put("cpuPercentMeasure", round(p.cpuPercentMeasure()));
    return n;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
