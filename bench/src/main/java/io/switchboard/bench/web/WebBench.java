package io.switchboard.bench.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The browser-transport benchmarks of issue #19, against a node's HTTP port on loopback (the
 * node must count the plain port as encrypted, {@code SWITCHBOARD_WEB_FRONT=always}, or not
 * require TLS; accounts {@code user<n>}/{@code pass<n>} from {@code ./switchboard bulk-adduser}):
 *
 * <pre>
 * websocket-idle PORT DOMAIN FIRST COUNT RATE HOLD_S
 *     COUNT WebSocket sessions (SASL PLAIN, bind, presence) opened at RATE per second, then
 *     held idle HOLD_S seconds; prints when all are up (measure the node's memory then).
 * bosh-poll PORT DOMAIN FIRST SESSIONS INTERVAL_MS DURATION_S
 *     SESSIONS BOSH sessions (hold 1, wait 30) each keeping one request held (long polling) and
 *     sending an XEP-0199 ping every INTERVAL_MS in a second request; prints requests per second
 *     and the ping round trip (p50, p99) measured over DURATION_S.
 * </pre>
 *
 * Every loop is bounded in count and time, and only loopback targets are accepted.
 */
public final class WebBench {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private WebBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    switch (args[0]) {
      case "websocket-idle" -> websocketIdle(port(args[1]), args[2], Integer.parseInt(args[3]),
          bounded(args[4], 1, 19_000), bounded(args[5], 1, 2000), bounded(args[6], 1, 3600));
      case "bosh-poll" -> boshPoll(port(args[1]), args[2], Integer.parseInt(args[3]), bounded(args[4], 1, 5000),
          bounded(args[5], 10, 600_000), bounded(args[6], 1, 600));
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: WebBench websocket-idle PORT DOMAIN FIRST COUNT RATE HOLD_S\n"
        + "       WebBench bosh-poll PORT DOMAIN FIRST SESSIONS INTERVAL_MS DURATION_S");
    System.exit(2);
  }

  // ---------------------------------------------------------------- WebSocket, idle

  private static void websocketIdle(int port, String domain, int first, int count, int rate, int holdSeconds)
      throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket");
    AtomicInteger up = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<WebSocket> sockets = new ArrayList<>(count);
    Semaphore pending = new Semaphore(500);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(count / rate + 120);
    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long sleep = due - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
      pending.acquire();
      int n = first + i;
      Login login = new Login(domain, "user" + n, "pass" + n);
      HTTP.newWebSocketBuilder().subprotocols("xmpp").buildAsync(uri, login)
          .whenComplete((ws, err) -> {
            if (err != null) {
              Throwable cause = err;
              while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
              }
              CONNECT_FAILED.computeIfAbsent(cause.toString(), k -> new AtomicInteger()).incrementAndGet();
              failed.incrementAndGet();
              pending.release();
            } else {
              synchronized (sockets) {
                sockets.add(ws);
              }
              login.send(ws, open(domain));
            }
          });
      login.done.whenComplete((ok, err) -> {
        pending.release();
        if (err == null && ok) {
          up.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
      });
    }
    while (up.get() + failed.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    System.out.printf("[figures] websocket-idle: %d sessions up, %d failed, in %.1f s; holding %d s%n",
        up.get(), failed.get(), (System.nanoTime() - start) / 1e9, holdSeconds);
    System.out.printf("[figures] websocket-idle: failed logins by the step they waited in: %s%n", FAILED_AT);
    System.out.printf("[figures] websocket-idle: sends that failed in the client: %s%n", SEND_FAILED);
    System.out.printf("[figures] websocket-idle: WebSocket connects that failed, by root cause: %s%n", CONNECT_FAILED);
    long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
    while (System.nanoTime() < holdUntil) {
      Thread.sleep(1000);
    }
    synchronized (sockets) {
      for (WebSocket ws : sockets) {
        ws.abort();
      }
    }
    System.out.println("[figures] websocket-idle: closed");
  }

  private static String open(String domain) {
    return "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>";
  }

  private static String plain(String user, String password) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** One session's negotiation, driven by what the server sends. */
  /** What a login waited for when it failed (0-3), and how often: where logins stall. */
  private static final String[] STEPS = {"features", "sasl-success", "features-after-auth", "bind-result", "bound"};
  private static final Map<String, AtomicInteger> FAILED_AT = new ConcurrentHashMap<>();
  /** Sends the JDK client refused or failed, by the step after the send and the error. */
  private static final Map<String, AtomicInteger> SEND_FAILED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CONNECT_FAILED = new ConcurrentHashMap<>();

  private static final class Login implements WebSocket.Listener {
    final CompletableFuture<Boolean> done = new CompletableFuture<>();
    private final String domain;
    private final String user;
    private final String password;
    private final StringBuilder partial = new StringBuilder();
    private int step;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    Login(String domain, String user, String password) {
      this.domain = domain;
      this.user = user;
      this.password = password;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      ws.request(1);
      if (!last) {
        return null;
      }
      String m = partial.toString();
      partial.setLength(0);
      if (m.contains("<stream:error") || m.contains("<failure")) {
        if (!done.isDone()) {
          FAILED_AT.computeIfAbsent(STEPS[step], k -> new AtomicInteger()).incrementAndGet();
        }
        done.complete(false);
      } else if (step == 0 && m.contains("features")) {
        step = 1;
        send(ws, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain(user, password)
            + "</auth>");
      } else if (step == 1 && m.contains("<success")) {
        step = 2;
        send(ws, open(domain));
      } else if (step == 2 && m.contains("features")) {
        step = 3;
        send(ws, "<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>bench</resource></bind></iq>");
      } else if (step == 3 && m.contains("<jid>")) {
        step = 4;
        send(ws, "<presence xmlns='jabber:client'/>");
        done.complete(true);
      } else if (m.contains("urn:xmpp:ping") && m.contains("type=\"get\"")) {
        // Answer the server's XEP-0199 ping so the idle session stays.
        String id = m.replaceAll("(?s).*id=\"([^\"]+)\".*", "$1");
        send(ws, "<iq xmlns='jabber:client' type='result' id='" + id + "'/>");
      }
      return null;
    }

    /**
     * Sends {@code xml} after the previous send completed: the JDK client refuses a send while one is
     * outstanding ({@code IllegalStateException: Send pending} in the returned stage), and the
     * server's answer can arrive before the previous send's stage completes. A send that still
     * fails is counted by the step and the error.
     */
    synchronized void send(WebSocket ws, String xml) {
      int at = step;
      lastSend = lastSend.handle((w, e) -> null)
          .thenCompose(x -> ws.sendText(xml, true))
          .whenComplete((w, e) -> {
            if (e != null) {
              SEND_FAILED.computeIfAbsent(STEPS[at] + ": " + e, k -> new AtomicInteger()).incrementAndGet();
            }
          });
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      done.complete(false);
    }
  }

  // ---------------------------------------------------------------- BOSH, long polling

  private static void boshPoll(int port, String domain, int first, int sessions, int intervalMs, int durationSeconds)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/http-bind");
    List<Bosh> all = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      int n = first + i;
      Bosh b = new Bosh(uri, domain);
      b.login("user" + n, "pass" + n);
      all.add(b);
    }
    System.out.printf("[figures] bosh-poll: %d sessions logged in%n", sessions);
    AtomicLong requests = new AtomicLong();
    ConcurrentLinkedQueue<Long> rtts = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
    for (Bosh b : all) {
      b.startPolling(requests, end);
    }
    long startRequests = requests.get();
    long start = System.nanoTime();
    List<CompletableFuture<Void>> pings = new ArrayList<>();
    while (System.nanoTime() < end) {
      for (Bosh b : all) {
        pings.add(b.ping(requests, rtts));
      }
      Thread.sleep(intervalMs);
      pings.removeIf(CompletableFuture::isDone);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Long[] sorted = rtts.toArray(Long[]::new);
    Arrays.sort(sorted);
    System.out.printf("[figures] bosh-poll: %d sessions, %.0f requests/s, %d pings answered (%d skipped: previous one"
            + " unanswered; %d sessions terminated), round trip p50 %.1f ms, p99 %.1f ms%n", sessions,
        (requests.get() - startRequests) / seconds, sorted.length, skipped.get(), terminated.get(),
        sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
        sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6);
    for (Bosh b : all) {
      b.terminate();
    }
  }

  static final AtomicLong skipped = new AtomicLong();
  static final AtomicLong terminated = new AtomicLong();

  /** One BOSH session: one request always held (the poll), pings in a second one. */
  private static final class Bosh {
    private final URI uri;
    private final String domain;
    private final AtomicLong rid = new AtomicLong(1_000_000L + (long) (Math.random() * 1_000_000_000L));
    private String sid;

    Bosh(URI uri, String domain) {
      this.uri = uri;
      this.domain = domain;
    }

    void login(String user, String password) {
      String created = post("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' hold='1'"
          + " wait='30' rid='" + rid.getAndIncrement() + "' to='" + domain + "' ver='1.6' xmpp:version='1.0'/>").join();
      sid = created.replaceAll("(?s).*sid=\"([^\"]+)\".*", "$1");
      post(body("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain(user, password)
          + "</auth>", "")).join();
      post(body("", "xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh' to='" + domain + "'")).join();
      post(body("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
          + "<resource>bench</resource></bind></iq>", "")).join();
    }

    void startPolling(AtomicLong requests, long end) {
      if (System.nanoTime() >= end) {
        return;
      }
      requests.incrementAndGet();
      post(body("", "")).whenComplete((r, e) -> {
        if (e == null && !r.contains("terminate")) {
          startPolling(requests, end);
        }
      });
    }

    private CompletableFuture<Void> lastPing = CompletableFuture.completedFuture(null);

    /** A ping unless the previous one is still unanswered (the session allows two requests: poll and ping). */
    CompletableFuture<Void> ping(AtomicLong requests, ConcurrentLinkedQueue<Long> rtts) {
      if (!lastPing.isDone()) {
        skipped.incrementAndGet();
        return lastPing;
      }
      long t0 = System.nanoTime();
      requests.incrementAndGet();
      lastPing = post(body("<iq xmlns='jabber:client' type='get' id='p" + t0 + "'><ping xmlns='urn:xmpp:ping'/></iq>", ""))
          .thenAccept(r -> {
            if (r.contains("p" + t0)) {
              rtts.add(System.nanoTime() - t0);
            } else if (r.contains("terminate")) {
              terminated.incrementAndGet();
            }
          });
      return lastPing;
    }

    void terminate() {
      post(body("", "type='terminate'"));
    }

    private String body(String payload, String attributes) {
      return "<body xmlns='http://jabber.org/protocol/httpbind' rid='" + rid.getAndIncrement() + "' sid='" + sid + "' "
          + attributes + ">" + payload + "</body>";
    }

    private CompletableFuture<String> post(String body) {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      return HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }
  }

  private static int port(String text) throws Exception {
    return bounded(text, 1, 65535);
  }

  private static int bounded(String text, int min, int max) {
    int v = Integer.parseInt(text);
    if (v < min || v > max) {
      throw new IllegalArgumentException(text + " is not within " + min + ".." + max);
    }
    return v;
  }

  static {
    // Only loopback is ever targeted (the URIs above are built on 127.0.0.1).
    if (!InetAddress.getLoopbackAddress().isLoopbackAddress()) {
      throw new IllegalStateException("no loopback");
    }
  }
}
