package io.switchboard.node.feeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds on loopback for the tests (JDK HttpServer): an RSS 2.0 feed with ETags, an Atom feed with
 * Last-Modified, bad feeds (malformed, XXE, 50 MB, redirect loop, slow, 500), a feed naming a
 * WebSub hub, and the hub's subscription endpoint (which records requests; the test plays the
 * rest of the hub). Counts requests and 304 answers per path.
 */
final class FeedServer implements AutoCloseable {
  static final String ATOM = "http://www.w3.org/2005/Atom";

  /** One entry: id, title, text. */
  record Entry(String id, String title, String text) {}

  final List<Entry> rss = new CopyOnWriteArrayList<>();
  final List<Entry> atom = new CopyOnWriteArrayList<>();
  final List<Entry> pushed = new CopyOnWriteArrayList<>();
  /** Form bodies POSTed to /hub. */
  final List<String> hubRequests = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
  private volatile int rssVersion = 1;
  private volatile Instant atomModified = Instant.parse("2026-12-01T10:00:00Z");
  private final HttpServer server;

  FeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "feed-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int requests(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  int notModified(String path) {
    return notModified.getOrDefault(path, new AtomicInteger()).get();
  }

  void rssChanged() {
    rssVersion++;
  }

  void atomChanged() {
    atomModified = atomModified.plusSeconds(60);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    try (x) {
      switch (path) {
        case "/rss.xml" -> {
          String etag = "\"rss-" + rssVersion + "\"";
          if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified(x, path);
            return;
          }
          x.getResponseHeaders().add("ETag", etag);
          send(x, 200, "application/rss+xml; charset=utf-8", rss());
        }
        case "/atom.xml" -> {
          String lm = DateTimeFormatter.RFC_1123_DATE_TIME.format(atomModified.atZone(ZoneOffset.UTC));
          if (lm.equals(x.getRequestHeaders().getFirst("If-Modified-Since"))) {
            notModified(x, path);
            return;
          }
          x.getResponseHeaders().add("Last-Modified", lm);
          send(x, 200, "application/atom+xml", atom(atom, null));
        }
        case "/pushed.xml" -> send(x, 200, "application/atom+xml", atom(pushed, url("/hub")));
        case "/hub" -> {
          hubRequests.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          x.sendResponseHeaders(202, -1);
        }
        case "/bad/malformed" -> send(x, 200, "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>broken</title><item><title>no end");
        case "/bad/xxe" -> send(x, 200, "application/rss+xml", """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title><link>http://x/</link><description>d</description>
            <item><title>&xxe;</title><guid>urn:xxe:1</guid></item></channel></rss>""");
        case "/bad/huge" -> {
          x.getResponseHeaders().add("Content-Type", "application/rss+xml");
          x.sendResponseHeaders(200, 0);
          byte[] chunk = ("<item><title>" + "x".repeat(1000) + "</title></item>\n").getBytes(StandardCharsets.UTF_8);
          OutputStream out = x.getResponseBody();
          out.write("<rss version=\"2.0\"><channel><title>huge</title>".getBytes(StandardCharsets.UTF_8));
          long written = 0;
          try {
            while (written < 50L * 1024 * 1024) {
              out.write(chunk);
              written += chunk.length;
            }
          } catch (IOException e) {
            // The client hung up at its limit: what the test expects.
          }
        }
        case "/bad/loop-a" -> redirect(x, "/bad/loop-b");
        case "/bad/loop-b" -> redirect(x, "/bad/loop-a");
        case "/bad/slow" -> {
          x.getResponseHeaders().add("Content-Type", "application/rss+xml");
          x.sendResponseHeaders(200, 0);
          OutputStream out = x.getResponseBody();
          try {
            for (int i = 0; i < 60; i++) {
              out.write(' ');
              out.flush();
              Thread.sleep(500);
            }
          } catch (IOException | InterruptedException e) {
            // The client gave up: expected.
          }
        }
        case "/bad/500" -> send(x, 500, "text/plain", "boom");
        default -> send(x, 404, "text/plain", "no such feed");
      }
    }
  }

  private void notModified(HttpExchange x, String path) throws IOException {
    notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    x.sendResponseHeaders(304, -1);
  }

  private static void redirect(HttpExchange x, String to) throws IOException {
    x.getResponseHeaders().add("Location", to);
    x.sendResponseHeaders(302, -1);
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  private String rss() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<rss version=\"2.0\"><channel><title>Loopback news</title><link>http://news.test/</link>"
        + "<description>RSS 2.0 for the tests</description>\n");
    List<Entry> newestFirst = new ArrayList<>(rss);
    java.util.Collections.reverse(newestFirst);
    for (Entry e : newestFirst) {
      sb.append("<item><title>").append(e.title()).append("</title><link>http://news.test/")
          .append(e.id()).append("</link><guid isPermaLink=\"false\">").append(e.id())
          .append("</guid><description>").append(e.text()).append("</description>")
          .append("<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>\n");
    }
    return sb.append("</channel></rss>").toString();
  }

  String atom(List<Entry> entries, String hub) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"" + ATOM + "\">"
        + "<title>Loopback Atom</title><id>urn:test:atom</id><updated>2026-12-01T10:00:00Z</updated>\n");
    if (hub != null) {
      sb.append("<link rel=\"hub\" href=\"").append(hub).append("\"/>")
          .append("<link rel=\"self\" href=\"").append(url("/pushed.xml")).append("\"/>\n");
    }
    List<Entry> newestFirst = new ArrayList<>(entries);
    java.util.Collections.reverse(newestFirst);
    for (Entry e : newestFirst) {
      sb.append("<entry><id>").append(e.id()).append("</id><title>").append(e.title())
          .append("</title><updated>2026-12-01T10:00:00Z</updated><content type=\"text\">")
          .append(e.text()).append("</content></entry>\n");
    }
    return sb.append("</feed>").toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
