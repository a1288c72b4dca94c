package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.bench.metrics.LatencySummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Combines the result.json files of the shards of one run (several generator processes): counts
 * are summed, rates divide by the longest measured window, latency percentiles come from the
 * merged histograms (exact, not averaged percentiles).
 *
 * @param shards number of files
 * @param loginsOk sum
 * @param sent sum
 * @param deliveredInWindow sum
 * @param delivered sum, including the drain
 * @param errors sum of errors.total
 * @param measuredSeconds longest measured phase
 * @param latency merged end-to-end latency
 * @param loginLatency merged login latency
 */
public record ShardMerge(int shards, long loginsOk, long sent, long deliveredInWindow, long delivered, long errors,
    double measuredSeconds, LatencySummary latency, LatencySummary loginLatency) {

  public static ShardMerge of(List<Path> files) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Histogram latency = new Histogram(3);
    Histogram logins = new Histogram(3);
    long loginsOk = 0;
    long sent = 0;
    long inWindow = 0;
    long delivered = 0;
    long errors = 0;
    double seconds = 0;
    for (Path file : files) {
      JsonNode json = mapper.readTree(file.toFile());
      if (json.path("format").asInt() != JsonReport.FORMAT_VERSION) {
        throw new IOException(file + " is not a result.json of format " + JsonReport.FORMAT_VERSION);
      }
      loginsOk += json.at("/sessions/loginsOk").asLong();
      sent += json.at("/traffic/sent").asLong();
      inWindow += json.at("/traffic/deliveredInWindow").asLong();
      delivered += json.at("/traffic/delivered").asLong();
      errors += json.at("/errors/total").asLong();
      seconds = Math.max(seconds, json.at("/traffic/measuredSeconds").asDouble());
      latency.add(JsonReport.decode(json.at("/histograms/latencyMicros").asText()));
      logins.add(JsonReport.decode(json.at("/histograms/loginMicros").asText()));
    }
    return new ShardMerge(files.size(), loginsOk, sent, inWindow, delivered, errors, seconds,
        LatencySummary.of(latency), LatencySummary.of(logins));
  }

  public String format() {
    double rate = measuredSeconds > 0 ? deliveredInWindow / measuredSeconds : 0;
    return String.format(Locale.ROOT, """
        == %d shards combined
        logins     : %d ok; latency %s
        traffic    : sent %d (%.0f/s), delivered %d in window (%.0f/s), %d incl. drain
        latency    : %s
        errors     : %d total
        """, shards, loginsOk, SummaryText.latency(loginLatency), sent,
        measuredSeconds > 0 ? sent / measuredSeconds : 0, deliveredInWindow, rate, delivered,
        SummaryText.latency(latency), errors);
  }
}
