package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.NodePair;
import io.switchboard.node.testing.RawWebSocket;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #19 across two nodes of one cluster: a BOSH session whose requests alternate between the
 * two nodes' HTTP ports (two in flight at once, as a browser has them, so they also reach the
 * session out of order) with nothing lost in either direction (no load-balancer stickiness
 * needed), and an XEP-0198 session over WebSocket that drops on node 1 and is resumed over
 * WebSocket on node 2 with every unacknowledged and every meanwhile-sent message delivered.
 */
@ExtendWith(CassandraExtension.class)
class WebClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int MESSAGES = 100;
  private static NodePair nodes;

  @BeforeAll
  static void start() throws Exception {
    nodes = NodePair.start("web_cluster_it", Map.of("switchboard.web.front", "always"), "erin", "frank", "gina", "hank");
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void bosh_requestsAlternatingBetweenNodes_nothingLostEitherWay() throws Exception {
    Bosh bosh = new Bosh(nodes.first().httpPort(), nodes.second().httpPort());
    String created = bosh.send(0, "");
    assertThat(created).contains("<stream:features").contains("PLAIN");
    assertThat(bosh.send(1, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        + plain("erin") + "</auth>")).contains("<success");
    assertThat(bosh.restart(0)).contains("urn:ietf:params:xml:ns:xmpp-bind");
    assertThat(bosh.send(1, "<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
        + "<resource>bosh</resource></bind></iq>")).contains("<jid>erin@localhost/bosh</jid>");
    bosh.send(0, "<presence xmlns='jabber:client'/>");

    XMPPTCPConnection tcp = SmackClients.connect(nodes.second(), "frank", "frank-pw", "tcp");
    BlockingQueue<String> atTcp = new LinkedBlockingQueue<>();
    tcp.addSyncStanzaListener(s -> atTcp.add(String.valueOf(((Message) s).getBody())), MessageTypeFilter.CHAT);
    try {
      // TCP (node 2) → BOSH: a numbered stream, collected by two requests in flight on alternating nodes.
      for (int i = 0; i < MESSAGES; i++) {
        tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("erin@localhost"))
            .ofType(Message.Type.chat).setBody("t-" + i).build());
      }
      List<String> received = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos() * 2;
      while (received.size() < MESSAGES && System.nanoTime() < deadline) {
        for (String response : bosh.pollPair()) {
          received.addAll(bodies(response, "t-"));
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        expected.add("t-" + i);
      }
      assertThat(received).as("every message once, in order").containsExactlyElementsOf(expected);

      // BOSH → TCP: each message in its own request, alternating nodes.
      for (int i = 0; i < 20; i++) {
        bosh.sendNoWait(i % 2, "<message xmlns='jabber:client' type='chat' to='frank@localhost'><body>b-" + i
            + "</body></message>");
      }
      for (int i = 0; i < 20; i++) {
        assertThat(atTcp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("b-" + i);
      }
      bosh.awaitInFlight();
      System.out.printf("[figures] BOSH session across nodes: %d requests via node 1, %d via node 2%n",
          bosh.requests[0], bosh.requests[1]);
      assertThat(bosh.requests[0]).isGreaterThan(10);
      assertThat(bosh.requests[1]).isGreaterThan(10);
      assertThat(bosh.send(1, "", "type='terminate'")).contains("type=\"terminate\"");
    } finally {
      tcp.disconnect();
    }
  }

  @Test
  void websocket_droppedOnNode1_resumedOnNode2_nothingLost() throws Exception {
    InProcessNode one = nodes.first();
    InProcessNode two = nodes.second();
    XMPPTCPConnection tcp = SmackClients.connect(two, "hank", "hank-pw", "tcp");
    String smId;
    try (RawWebSocket ws = loggedIn(one.httpPort(), "gina", "phone")) {
      ws.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
      String enabled = ws.await("<enabled", WAIT);
      smId = attr(enabled, "id");
      ws.send("<presence xmlns='jabber:client'/>");
      // The server reflects the initial presence (RFC 6121 §4.2.2) once it took it: only then is
      // the resource available. A message that overtook it would wait in offline storage and
      // come after later ones (the flush reads Cassandra), which the waits below would skip.
      ws.await("<presence", WAIT);
      for (int i = 0; i < 5; i++) {
        send(tcp, "gina", "w-" + i);
      }
      List<String> live = new ArrayList<>();
      long liveDeadline = System.nanoTime() + WAIT.toNanos();
      while (live.size() < 5 && System.nanoTime() < liveDeadline) {
        String m = ws.next(Duration.ofSeconds(1));
        if (m != null) {
          live.addAll(bodies(m, "w-"));
        }
      }
      assertThat(live).containsExactlyInAnyOrder("w-0", "w-1", "w-2", "w-3", "w-4");
      // Never acknowledged: the socket just dies (a phone losing its network).
    }
    for (int i = 5; i < 10; i++) {
      send(tcp, "gina", "w-" + i);
    }
    try (RawWebSocket ws = RawWebSocket.connect(two.httpPort())) {
      authenticate(ws, "gina");
      ws.send("<resume xmlns='urn:xmpp:sm:3' previd='" + smId + "' h='0'/>");
      String resumed = ws.await("<resumed", WAIT);
      assertThat(resumed).contains("previd=\"" + smId + "\"");
      // The unacknowledged w-0..w-4 replayed, w-5..w-9 (stored while parked) delivered: each once.
      List<String> got = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (got.size() < 10 && System.nanoTime() < deadline) {
        String m = ws.next(Duration.ofSeconds(1));
        if (m != null) {
          got.addAll(bodies(m, "w-"));
        }
      }
      assertThat(got).containsExactlyInAnyOrder("w-0", "w-1", "w-2", "w-3", "w-4", "w-5", "w-6", "w-7", "w-8", "w-9");
      ws.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    } finally {
      tcp.disconnect();
    }
  }

  private static void send(XMPPTCPConnection tcp, String to, String body) throws Exception {
    tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(to + "@localhost"))
        .ofType(Message.Type.chat).setBody(body).build());
  }

  private static RawWebSocket loggedIn(int port, String user, String resource) throws Exception {
    RawWebSocket ws = RawWebSocket.connect(port);
    authenticate(ws, user);
    ws.send("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
        + resource + "</resource></bind></iq>");
    ws.await("<jid>", WAIT);
    return ws;
  }

  private static void authenticate(RawWebSocket ws, String user) throws Exception {
    ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
    ws.await("features", WAIT);
    ws.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain(user) + "</auth>");
    ws.await("<success", WAIT);
    ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
    ws.await("features", WAIT);
  }

  private static String plain(String user) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + user + "-pw").getBytes(StandardCharsets.UTF_8));
  }

  private static String attr(String xml, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]+)\"").matcher(xml);
    assertThat(m.find()).as(xml).isTrue();
    return m.group(1);
  }

  private static List<String> bodies(String response, String prefix) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<body>(" + Pattern.quote(prefix) + "[0-9]+)</body>").matcher(response);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A BOSH client by hand whose requests go to node 1 or node 2 as the test says. */
  private static final class Bosh {
    private final int[] ports;
    final int[] requests = new int[2];
    private final List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    private long rid = 4_000_000L;
    private String sid;
    private int turn;

    Bosh(int port1, int port2) {
      this.ports = new int[] {port1, port2};
    }

    /** Creates the session (node index {@code node}) or sends {@code payload} in the session. */
    String send(int node, String payload, String... attributes) throws Exception {
      return request(node, payload, attributes).get(WAIT.toSeconds() * 3, TimeUnit.SECONDS).body();
    }

    String restart(int node) throws Exception {
      return send(node, "", "xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh' to='localhost'");
    }

    void sendNoWait(int node, String payload) {
      inFlight.add(request(node, payload));
      // Keep at most two open, as the session allows (requests = 2).
      if (inFlight.size() >= 2) {
        inFlight.remove(0).join();
      }
    }

    void awaitInFlight() {
      inFlight.forEach(CompletableFuture::join);
      inFlight.clear();
    }

    /** Two empty requests in flight at once, one through each node (alternating which goes first). */
    List<String> pollPair() {
      CompletableFuture<HttpResponse<String>> a = request(turn, "");
      CompletableFuture<HttpResponse<String>> b = request(1 - turn, "");
      turn = 1 - turn;
      return List.of(a.join().body(), b.join().body());
    }

    private CompletableFuture<HttpResponse<String>> request(int node, String payload, String... attributes) {
      long r = rid++;
      String body;
      if (sid == null) {
        body = "<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' hold='1' wait='5'"
            + " rid='" + r + "' to='localhost' ver='1.6' xmpp:version='1.0'/>";
      } else {
        body = "<body xmlns='http://jabber.org/protocol/httpbind' rid='" + r + "' sid='" + sid + "' "
            + String.join(" ", attributes) + ">" + payload + "</body>";
      }
      requests[node]++;
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[node] + "/http-bind"))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/xml; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      CompletableFuture<HttpResponse<String>> f = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
      if (sid == null) {
        HttpResponse<String> created = f.join();
        sid = attr(created.body(), "sid");
        return CompletableFuture.completedFuture(created);
      }
      boolean terminating = String.join(" ", attributes).contains("terminate");
      return f.thenApply(resp -> {
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        if (!terminating) {
          assertThat(resp.body()).as("request %d via node %d", r, node + 1).doesNotContain("type=\"terminate\"");
        }
        return resp;
      });
    }
  }
}
