package io.switchboard.bench.feeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.bench.metrics.MicroClock;
import io.switchboard.bench.proc.ProcReader;
import io.switchboard.bench.proc.ProcSample;
import io.switchboard.bench.scenario.Stamp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The feed benchmarks of issue #24, against a running node on loopback:
 *
 * <pre>
 * FeedBench polls  API_URL TOKEN NODE_PID FEEDS INTERVAL_S MEASURE_S
 *     serves FEEDS small RSS feeds (ETag, 304 when unchanged) on 127.0.0.1, creates FEEDS pub-sub
 *     nodes and attaches one feed to each at INTERVAL_S, waits until every feed was fetched, then
 *     samples the node's CPU time and RSS over MEASURE_S: the cost per polled feed.
 * FeedBench fanout API_URL TOKEN NODE CHANGES EVERY_S
 *     serves one Atom feed, attaches it to NODE (the load generator's pubsub node, its subscribers
 *     logged in), then adds CHANGES entries EVERY_S seconds apart, each titled with its time
 *     (the generator's stamp): the generator measures feed change -> notification per subscriber.
 * </pre>
 *
 * Every loop is bounded in count and time; the server binds 127.0.0.1 only and the API URL must be
 * loopback.
 */
public final class FeedBench {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FeedBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    switch (args[0]) {
      case "polls" -> {
        if (args.length != 7) {
          usage();
        }
        polls(loopback(args[1]), args[2], Long.parseLong(args[3]), bounded(args[4], 1, 5000),
            bounded(args[5], 1, 86400), bounded(args[6], 1, 3600));
      }
      case "fanout" -> {
        if (args.length != 6) {
          usage();
        }
        fanout(loopback(args[1]), args[2], args[3], bounded(args[4], 1, 100), bounded(args[5], 1, 600));
      }
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: FeedBench polls API_URL TOKEN NODE_PID FEEDS INTERVAL_S MEASURE_S\n"
        + "       FeedBench fanout API_URL TOKEN NODE CHANGES EVERY_S");
    System.exit(2);
  }

  private static int bounded(String v, int min, int max) {
    int n = Integer.parseInt(v);
    if (n < min || n > max) {
      throw new IllegalArgumentException(v + " is not within " + min + ".." + max);
    }
    return n;
  }

  private static String loopback(String api) throws IOException {
    URI u = URI.create(api);
    if (!InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("the API URL must be on loopback: " + api);
    }
    return api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
  }

  // ------------------------------------------------------------------------------------- polls

  private static void polls(String api, String token, long pid, int feeds, int interval, int measure)
      throws Exception {
    AtomicLong requests = new AtomicLong();
    AtomicLong notModified = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/feed/", x -> {
      requests.incrementAndGet();
      String path = x.getRequestURI().getPath();
      String etag = "\"" + Integer.toHexString(path.hashCode()) + "\"";
      try (x) {
        if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
          notModified.incrementAndGet();
          x.sendResponseHeaders(304, -1);
          return;
        }
        StringBuilder rss = new StringBuilder("<rss version=\"2.0\"><channel><title>" + path
            + "</title><link>http://bench.test/</link><description>bench</description>");
        for (int i = 0; i < 10; i++) {
          rss.append("<item><title>Entry ").append(i).append(" of ").append(path).append("</title><guid>")
              .append(path).append('#').append(i).append("</guid><description>")
              .append("A short summary of the entry, as feeds carry them.").append("</description></item>");
        }
        byte[] b = rss.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("ETag", etag);
        x.getResponseHeaders().add("Content-Type", "application/rss+xml");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    ProcReader proc = ProcReader.of(pid);
    try {
      ProcSample idle0 = proc.read().orElseThrow();
      long idleT0 = System.nanoTime();
      Thread.sleep(20_000);
      ProcSample idle1 = proc.read().orElseThrow();
      double idleCpu = cpu(idle0, idle1, System.nanoTime() - idleT0);
      long t0 = System.nanoTime();
      for (int i = 1; i <= feeds; i++) {
        String node = "bench-feed-" + i;
        HttpResponse<String> c = call(api, token, "POST", "/pubsub", "{\"node\":\"" + node + "\"}");
        if (c.statusCode() != 201 && c.statusCode() != 409) {
          throw new IllegalStateException("create " + node + ": " + c.statusCode() + " " + c.body());
        }
        HttpResponse<String> a = call(api, token, "PUT", "/pubsub/" + node + "/feed",
            "{\"url\":\"" + base + "/feed/" + i + ".xml\",\"interval\":" + interval + "}");
        if (a.statusCode() != 200) {
          throw new IllegalStateException("attach " + node + ": " + a.statusCode() + " " + a.body());
        }
      }
      long attachMs = (System.nanoTime() - t0) / 1_000_000;
      long deadline = System.nanoTime() + Duration.ofSeconds(interval + 120).toNanos();
      while (requests.get() < feeds && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      long firstRoundMs = (System.nanoTime() - t0) / 1_000_000;
      // Settle one interval (the first fetches published 10 items each), then measure.
      Thread.sleep(Math.min(interval, 60) * 1000L);
      ProcSample m0 = proc.read().orElseThrow();
      long r0 = requests.get();
      long n0 = notModified.get();
      long mt0 = System.nanoTime();
      Thread.sleep(measure * 1000L);
      ProcSample m1 = proc.read().orElseThrow();
      long elapsed = System.nanoTime() - mt0;
      double cpu = cpu(m0, m1, elapsed);
      long polls = requests.get() - r0;
      System.out.printf("feeds %d, interval %d s: attached in %d ms, every feed fetched once after %d ms%n",
          feeds, interval, attachMs, firstRoundMs);
      System.out.printf("measured %d s: %d fetches (%.1f/s, expected %.1f/s), %d answered 304%n", measure,
          polls, polls / (elapsed / 1e9), feeds / (double) interval, notModified.get() - n0);
      System.out.printf("node CPU: idle before %.2f %% of a core, with the feeds %.2f %% -> %.4f %% per feed, "
          + "%.3f ms CPU per fetch%n", idleCpu, cpu, (cpu - idleCpu) / feeds,
          polls == 0 ? 0 : (cpu - idleCpu) / 100.0 * (elapsed / 1e6) / polls);
      System.out.printf("node RSS: %d MiB before the feeds, %d MiB with them -> %.1f KiB per feed "
          + "(RSS includes JIT and heap growth; see README)%n",
          idle1.rssKb() / 1024, m1.rssKb() / 1024, (m1.rssKb() - idle1.rssKb()) / (double) feeds);
    } finally {
      server.stop(0);
      System.exit(0);
    }
  }

  private static double cpu(ProcSample a, ProcSample b, long nanos) {
    return (b.cpuTicks() - a.cpuTicks()) * 100.0 / ProcReader.TICKS_PER_SECOND / (nanos / 1e9);
  }

  // ------------------------------------------------------------------------------------ fanout

  private static void fanout(String api, String token, String node, int changes, int every) throws Exception {
    List<String> titles = new ArrayList<>();
    Map<String, Long> changedAt = new LinkedHashMap<>();
    AtomicLong requests = new AtomicLong();
    AtomicLong notModified = new AtomicLong();
    AtomicLong version = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/fanout.xml", x -> {
      requests.incrementAndGet();
      String etag = "\"v" + version.get() + "\"";
      try (x) {
        if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
          notModified.incrementAndGet();
          x.sendResponseHeaders(304, -1);
          return;
        }
        StringBuilder atom = new StringBuilder("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>fan-out</title>"
            + "<id>urn:bench:fanout</id><updated>2026-12-01T00:00:00Z</updated>");
        synchronized (titles) {
          for (int i = titles.size() - 1; i >= 0; i--) {
            atom.append("<entry><id>urn:bench:fanout:").append(i).append("</id><title>").append(titles.get(i))
                .append("</title><updated>2026-12-01T00:00:00Z</updated></entry>");
          }
        }
        byte[] b = atom.append("</feed>").toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("ETag", etag);
        x.getResponseHeaders().add("Content-Type", "application/atom+xml");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fanout.xml";
      HttpResponse<String> a = call(api, token, "PUT", "/pubsub/" + node + "/feed",
          "{\"url\":\"" + url + "\",\"interval\":1}");
      if (a.statusCode() != 200) {
        throw new IllegalStateException("attach: " + a.statusCode() + " " + a.body());
      }
      MicroClock clock = MicroClock.system();
      for (int c = 0; c < changes; c++) {
        Thread.sleep(every * 1000L);
        long micros = clock.nowMicros();
        synchronized (titles) {
          titles.add(Stamp.text(micros, 24));
        }
        version.incrementAndGet();
        changedAt.put("change " + (c + 1), micros);
        System.out.printf("change %d at %d us%n", c + 1, micros);
      }
      Thread.sleep(every * 1000L);
      System.out.printf("feed requests %d, 304 answers %d%n", requests.get(), notModified.get());
      call(api, token, "DELETE", "/pubsub/" + node + "/feed", null);
    } finally {
      server.stop(0);
      System.exit(0);
    }
  }

  private static HttpResponse<String> call(String api, String token, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + "/api/v1" + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
