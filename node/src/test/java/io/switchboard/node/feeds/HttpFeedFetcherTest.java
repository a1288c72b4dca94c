package io.switchboard.node.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.sharding.feed.FetchOutcome;
import io.switchboard.sharding.feed.FetchRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of a fetch against a loopback server: statuses, headers, redirects, the address policy. */
class HttpFeedFetcherTest {
  private static final String FEED = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><id>urn:f</id>"
      + "<updated>2026-12-01T10:00:00Z</updated><entry><id>urn:e</id><title>E</title>"
      + "<updated>2026-12-01T10:00:00Z</updated></entry></feed>";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private HttpServer server;
  private ExecutorService pool;
  private HttpFeedFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/feed", x -> {
      try (x) {
        if ("\"v1\"".equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
          x.sendResponseHeaders(304, -1);
          return;
        }
        byte[] b = FEED.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("ETag", "\"v1\"");
        x.getResponseHeaders().add("Last-Modified", "Tue, 01 Dec 2026 09:00:00 GMT");
        x.getResponseHeaders().add("Link", "<https://hub.example.net/>; rel=\"hub\", <https://example.com/feed>; rel=\"self\"");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
      }
    });
    server.createContext("/busy", x -> {
      try (x) {
        x.getResponseHeaders().add("Retry-After", "120");
        x.sendResponseHeaders(503, -1);
      }
    });
    server.createContext("/busy-until", x -> {
      try (x) {
        x.getResponseHeaders().add("Retry-After", "Tue, 01 Dec 2026 11:00:00 GMT");
        x.sendResponseHeaders(429, -1);
      }
    });
    for (int i = 1; i <= 3; i++) {
      String next = i == 3 ? "/feed" : "/hop" + (i + 1);
      server.createContext("/hop" + i, x -> {
        try (x) {
          x.getResponseHeaders().add("Location", next);
          x.sendResponseHeaders(301, -1);
        }
      });
    }
    server.start();
    pool = Executors.newFixedThreadPool(2);
    fetcher = fetcher(2, true);
  }

  private HttpFeedFetcher fetcher(int redirects, boolean allowPrivate) {
    // Generous timeouts: no test here is about them, and a TLS handshake on a loaded 2-core machine
    // took longer than 5 s (the untrusted-certificate test then saw a timeout instead of the TLS error).
    FeedHttpSettings s = new FeedHttpSettings(1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(60), redirects,
        allowPrivate, 64 * 1024, "test");
    return new HttpFeedFetcher(s, HttpFeedFetcher.client(s, pool), pool, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private FetchOutcome fetch(HttpFeedFetcher f, String path, String etag) {
    return f.fetch(new FetchRequest(url(path), etag, null)).toCompletableFuture().join();
  }

  @Test
  void fetch_200_documentValidatorsAndLinkHeader_then304WithTheEtag() {
    FetchOutcome.Modified m = (FetchOutcome.Modified) fetch(fetcher, "/feed", null);
    assertThat(m.etag()).isEqualTo("\"v1\"");
    assertThat(m.lastModified()).isEqualTo("Tue, 01 Dec 2026 09:00:00 GMT");
    assertThat(m.document().entries()).hasSize(1);
    assertThat(m.document().hub()).isEqualTo("https://hub.example.net/");
    assertThat(m.document().self()).isEqualTo("https://example.com/feed");
    assertThat(fetch(fetcher, "/feed", "\"v1\"")).isEqualTo(FetchOutcome.NotModified.INSTANCE);
  }

  @Test
  void fetch_retryAfterSecondsOrDate_reported() {
    FetchOutcome.Failed busy = (FetchOutcome.Failed) fetch(fetcher, "/busy", null);
    assertThat(busy.error()).isEqualTo("HTTP 503");
    assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    FetchOutcome.Failed until = (FetchOutcome.Failed) fetch(fetcher, "/busy-until", null);
    assertThat(until.error()).isEqualTo("HTTP 429");
    assertThat(until.retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void fetch_redirectsWithinTheLimitFollowed_beyondItAnError() {
    assertThat(fetch(fetcher(3, true), "/hop1", null)).isInstanceOf(FetchOutcome.Modified.class);
    assertThat(((FetchOutcome.Failed) fetch(fetcher(2, true), "/hop1", null)).error()).isEqualTo("more than 2 redirects");
  }

  @Test
  void fetch_loopbackWithoutPermission_refusedBeforeConnecting() {
    FetchOutcome.Failed refused = (FetchOutcome.Failed) fetch(fetcher(2, false), "/feed", null);
    assertThat(refused.error()).contains("internal address 127.0.0.1").contains("allow-private-addresses");
  }

  @Test
  void addressPolicy_internalRanges() throws Exception {
    for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1",
        "0.0.0.0", "::1", "fd00::1", "fe80::1"}) {
      assertThat(AddressPolicy.internal(java.net.InetAddress.getByName(a))).as(a).isTrue();
    }
    for (String a : new String[] {"93.184.216.34", "2606:2800:220:1::1", "100.128.0.1"}) {
      assertThat(AddressPolicy.internal(java.net.InetAddress.getByName(a))).as(a).isFalse();
    }
    assertThat(new AddressPolicy(true).refusal(URI.create("ftp://example.com/feed"))).contains("only http and https");
  }

  @Test
  void fetch_httpsWithAnUntrustedCertificate_refusedByTheNormalChecks() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("feed-tls");
    java.nio.file.Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "feed", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).isZero();
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, "changeit".toCharArray());
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 5);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    https.createContext("/feed", x -> {
      try (x) {
        byte[] b = FEED.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
      }
    });
    https.start();
    try {
      FetchOutcome outcome = fetcher.fetch(new FetchRequest("https://127.0.0.1:" + https.getAddress().getPort() + "/feed",
          null, null)).toCompletableFuture().join();
      assertThat(outcome).isInstanceOf(FetchOutcome.Failed.class);
      assertThat(((FetchOutcome.Failed) outcome).error()).startsWith("TLS failed");
    } finally {
      https.stop(0);
    }
  }
}
