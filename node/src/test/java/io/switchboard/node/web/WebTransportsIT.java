package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawWebSocket;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.WebClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #19 on one node: Smack over WebSocket and over BOSH chatting with a Smack user over TCP,
 * and what no library sends, answered per RFC 7395 and XEP-0124 (malformed frames, frames with two
 * elements, a stream not begun with {@code <open/>}, missing subprotocol, foreign origins,
 * out-of-window and repeated rids, unknown sids, unreadable bodies), plus XEP-0156 discovery and
 * CORS. The HTTP port is plain here and configured as behind a TLS-terminating ingress
 * ({@code front = always}), so SASL is offered as it would be to a browser on wss://.
 */
@ExtendWith(CassandraExtension.class)
class WebTransportsIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("web_it", Map.of(
            "switchboard.web.front", "always",
            "switchboard.web.allowed-origins", "http://allowed.example"),
        "alice", "bob", "carol", "dave");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void websocket_smackUser_chatsWithTcpUser() throws Exception {
    AbstractXMPPConnection ws = WebClients.websocket(node.domain(), node.httpPort(), "alice", "alice-pw", "web");
    XMPPTCPConnection tcp = SmackClients.connect(node, "bob", "bob-pw", "tcp");
    try {
      ws.connect().login();
      chat(ws, tcp);
    } finally {
      ws.disconnect();
      tcp.disconnect();
    }
  }

  @Test
  void bosh_smackUser_chatsWithTcpUser() throws Exception {
    AbstractXMPPConnection bosh = WebClients.bosh(node.domain(), node.httpPort(), "carol", "carol-pw", "bosh");
    XMPPTCPConnection tcp = SmackClients.connect(node, "dave", "dave-pw", "tcp");
    try {
      bosh.connect().login();
      chat(bosh, tcp);
    } finally {
      bosh.disconnect();
      tcp.disconnect();
    }
  }

  /** Both directions, and a burst from TCP that must arrive complete and in order. */
  private static void chat(AbstractXMPPConnection web, XMPPTCPConnection tcp) throws Exception {
    BlockingQueue<String> atWeb = new LinkedBlockingQueue<>();
    BlockingQueue<String> atTcp = new LinkedBlockingQueue<>();
    web.addSyncStanzaListener(s -> atWeb.add(String.valueOf(((Message) s).getBody())), MessageTypeFilter.CHAT);
    tcp.addSyncStanzaListener(s -> atTcp.add(String.valueOf(((Message) s).getBody())), MessageTypeFilter.CHAT);
    web.sendStanza(web.getStanzaFactory().buildMessageStanza().to(tcp.getUser()).ofType(Message.Type.chat)
        .setBody("from the browser transport").build());
    assertThat(atTcp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("from the browser transport");
    for (int i = 0; i < 50; i++) {
      tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(web.getUser()).ofType(Message.Type.chat)
          .setBody("m-" + i).build());
    }
    for (int i = 0; i < 50; i++) {
      assertThat(atWeb.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("m-" + i);
    }
  }

  @Test
  void websocket_open_answeredWithOpenAndFeatures() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(node.httpPort())) {
      assertThat(ws.subprotocol()).isEqualTo("xmpp");
      ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
      String open = ws.await("<open", WAIT);
      assertThat(open).contains("urn:ietf:params:xml:ns:xmpp-framing").contains("from=\"localhost\"")
          .contains("version=\"1.0\"");
      String features = ws.await("features", WAIT);
      // No STARTTLS on WebSocket (RFC 7395 §3.4); SASL since the port counts as behind TLS.
      assertThat(features).startsWith("<stream:features xmlns:stream=\"http://etherx.jabber.org/streams\"")
          .doesNotContain("starttls").contains("SCRAM-SHA-1").contains("PLAIN");
      ws.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
      ws.await("<close", WAIT);
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1000);
    }
  }

  @Test
  void websocket_malformedFrame_notWellFormedThenClose() throws Exception {
    assertStreamError("<message xmlns='jabber:client'><body>unclosed", "not-well-formed");
    assertStreamError("<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>", "not-well-formed");
    assertStreamError("<!DOCTYPE x [<!ENTITY a 'b'>]><message xmlns='jabber:client'/>", "restricted-xml");
  }

  @Test
  void websocket_streamNotOpenedWithOpen_invalidNamespace() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(node.httpPort())) {
      ws.send("<message xmlns='jabber:client' to='bob@localhost'><body>hi</body></message>");
      assertThat(ws.await("error", WAIT)).contains("invalid-namespace");
      ws.await("<close", WAIT);
    }
  }

  @Test
  void websocket_oversizedFrame_policyViolation() throws Exception {
    try (RawWebSocket ws = opened()) {
      ws.send("<message xmlns='jabber:client'><body>" + "x".repeat(300_000) + "</body></message>");
      assertThat(ws.await("error", WAIT)).contains("policy-violation");
      ws.await("<close", WAIT);
    }
  }

  private static void assertStreamError(String frame, String condition) throws Exception {
    try (RawWebSocket ws = opened()) {
      ws.send(frame);
      String error = ws.await("error", WAIT);
      assertThat(error).contains("<stream:error").contains(condition);
      assertThat(ws.await("<close", WAIT)).contains("urn:ietf:params:xml:ns:xmpp-framing");
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1000);
    }
  }

  private static RawWebSocket opened() throws Exception {
    RawWebSocket ws = RawWebSocket.connect(node.httpPort());
    ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
    ws.await("features", WAIT);
    return ws;
  }

  @Test
  void websocket_upgradeRules_subprotocolOriginAndPlainGet() throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + node.httpPort() + "/xmpp-websocket");
    assertUpgradeRefused(() -> RawWebSocket.connect(uri, null), "400");
    assertUpgradeRefused(() -> RawWebSocket.connect(uri, "http://evil.example", "xmpp"), "403");
    try (RawWebSocket ok = RawWebSocket.connect(uri, "http://allowed.example", "xmpp")) {
      assertThat(ok.subprotocol()).isEqualTo("xmpp");
    }
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/xmpp-websocket")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(426);
  }

  private interface Connect {
    RawWebSocket run() throws Exception;
  }

  private static void assertUpgradeRefused(Connect connect, String status) {
    try (RawWebSocket ws = connect.run()) {
      throw new AssertionError("upgrade accepted, expected " + status);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      assertThat(cause).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
      assertThat(((java.net.http.WebSocketHandshakeException) cause).getResponse().statusCode())
          .isEqualTo(Integer.parseInt(status));
    }
  }

  // ---------------------------------------------------------------- BOSH by hand

  @Test
  void bosh_sessionCreation_termsAndFeatures() throws Exception {
    String created = post(creation(1000));
    assertThat(created).contains("sid=\"").contains("wait=\"60\"").contains("hold=\"1\"").contains("requests=\"2\"")
        .contains("xmpp:version=\"1.0\"").contains("<stream:features").contains("SCRAM-SHA-1");
  }

  @Test
  void bosh_ridOutsideWindow_itemNotFound() throws Exception {
    String sid = sid(post(creation(5000)));
    // requests = 2: the window after rid 5000 is 5001..5002.
    String far = post(body(sid, 5010, ""));
    assertThat(far).contains("type=\"terminate\"").contains("condition=\"item-not-found\"");
    // The session is gone now.
    assertThat(post(body(sid, 5001, ""))).contains("type=\"terminate\"");
  }

  @Test
  void bosh_requestsOutOfOrder_processedInRidOrder_repeatGetsSameResponse() throws Exception {
    String sid = sid(post(creation(7000)));
    // 7002 arrives before 7001 (as when they travel through different nodes): it waits.
    var later = HTTP.sendAsync(req(body(sid, 7002, "")), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(200); // not a wait for a result: gives the later request a head start on purpose
    String first = post(body(sid, 7001, ""));
    assertThat(first).startsWith("<body");
    // 7001 was answered (hold = 1 and 7002 came in behind it); 7003 in turn releases 7002.
    var third = HTTP.sendAsync(req(body(sid, 7003, "")), HttpResponse.BodyHandlers.ofString());
    String second = later.get(20, TimeUnit.SECONDS).body();
    assertThat(second).startsWith("<body").doesNotContain("terminate");
    // XEP-0124 §14.3: a repeated rid gets the same response.
    assertThat(post(body(sid, 7001, ""))).isEqualTo(first);
    assertThat(post(body(sid, 7004, "type='terminate'"))).contains("type=\"terminate\"");
    assertThat(third.get(20, TimeUnit.SECONDS).body()).contains("type=\"terminate\"");
  }

  @Test
  void bosh_pollingSessionTooFast_policyViolation() throws Exception {
    // XEP-0124 §12: hold='0' makes a polling session; empty requests at most every 'polling' (2 s).
    String created = post(creation(9000).replace("hold='1'", "hold='0'"));
    assertThat(created).contains("hold=\"0\"").contains("polling=\"2\"");
    String sid = sid(created);
    assertThat(post(body(sid, 9001, ""))).doesNotContain("terminate");
    assertThat(post(body(sid, 9002, ""))).contains("condition=\"policy-violation\"");
  }

  @Test
  void bosh_unknownSidAndUnreadableBody_answeredPerSpec() throws Exception {
    assertThat(post(body("AAAAAAAAAAAAAAAAAAAAAA.MTI3LjAuMC4xOjE", 1, ""))).contains("condition=\"item-not-found\"");
    assertThat(post(body("nonsense", 1, ""))).contains("condition=\"item-not-found\"");
    HttpResponse<String> bad = HTTP.send(req("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'"),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("condition=\"bad-request\"");
    HttpResponse<String> big = HTTP.send(req("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>"
        + "x".repeat(200_000) + "</body>"), HttpResponse.BodyHandlers.ofString());
    assertThat(big.statusCode()).isEqualTo(413);
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/http-bind")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void bosh_cors_preflightAndOrigins() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/http-bind"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://allowed.example")
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://allowed.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
    HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/http-bind"))
        .POST(HttpRequest.BodyPublishers.ofString(creation(1))).header("Origin", "http://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
  }

  @Test
  void hostMeta_listsWebSocketAndBosh() throws Exception {
    String xrd = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/.well-known/host-meta")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(xrd).contains("urn:xmpp:alt-connections:websocket")
        .contains("wss://127.0.0.1:" + node.httpPort() + "/xmpp-websocket")
        .contains("urn:xmpp:alt-connections:xbosh").contains("https://127.0.0.1:" + node.httpPort() + "/http-bind");
    HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/.well-known/host-meta.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(json.body()).contains("\"rel\":\"urn:xmpp:alt-connections:websocket\"");
    // The API keeps working on the same port.
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  static String creation(long rid) {
    return "<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' content='text/xml; charset=utf-8'"
        + " hold='1' rid='" + rid + "' to='localhost' ver='1.6' wait='60' xml:lang='en' xmpp:version='1.0'/>";
  }

  static String body(String sid, long rid, String extra) {
    return "<body xmlns='http://jabber.org/protocol/httpbind' rid='" + rid + "' sid='" + sid + "' " + extra + "/>";
  }

  static String sid(String response) {
    Matcher m = Pattern.compile("sid=\"([^\"]+)\"").matcher(response);
    assertThat(m.find()).as(response).isTrue();
    return m.group(1);
  }

  private static String base() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  private static HttpRequest req(String body) {
    return HttpRequest.newBuilder(URI.create(base() + "/http-bind")).timeout(Duration.ofSeconds(90))
        .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String post(String body) throws Exception {
    HttpResponse<String> r = HTTP.send(req(body), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
