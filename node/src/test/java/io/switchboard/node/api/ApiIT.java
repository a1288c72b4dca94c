package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.component.ProposedConfig;
import io.switchboard.node.component.WiredTestNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push API over real HTTP: tokens in the real Cassandra token store, messages through the real
 * Router and UserSession to a Smack user, and pub-sub publishing against a recording fake of the
 * {@link ApiPubSub} port (the pub-sub service is wired by the lead). Every status the API defines
 * is provoked here.
 */
@ExtendWith(CassandraExtension.class)
class ApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger TOKENS = new AtomicInteger();

  private static WiredTestNode node;
  private static ApiServer api;
  private static TokenStore tokens;
  private static final BlockingQueue<Published> published = new LinkedBlockingQueue<>();

  private record Published(String node, XmlElement payload, Optional<String> itemId) {}

  /** feeds: accepts; closed: refuses the API; picky: refuses the payload; slow: never answers; else unknown. */
  private static final ApiPubSub FAKE_PUBSUB = (n, payload, id) -> {
    switch (n) {
      case "feeds" -> {
        published.add(new Published(n, payload, id));
        return CompletableFuture.completedFuture(new PublishResult.Published(id.orElse("assigned-1")));
      }
      case "closed" -> {
        return CompletableFuture.completedFuture(PublishResult.Forbidden.INSTANCE);
      }
      case "slow" -> {
        return new CompletableFuture<>();
      }
      case "picky" -> {
        return CompletableFuture.completedFuture(new PublishResult.Rejected("invalid-payload"));
      }
      default -> {
        return CompletableFuture.completedFuture(PublishResult.NodeNotFound.INSTANCE);
      }
    }
  };

  @BeforeAll
  static void start() throws Exception {
    node = WiredTestNode.start("api_it", Map.of());
    ApiSettings settings = ApiSettings.fromConfig(ProposedConfig.with(ConfigFactory.parseMap(Map.of(
        "switchboard.api.max-body-bytes", 1024,
        "switchboard.api.rate-per-second", 0.01,
        "switchboard.api.burst", 5,
        "switchboard.api.publish-timeout", "1s",
        "switchboard.api.token-cache-ttl", "0s"))), node.domain());
    tokens = TokenStore.cassandra(node.persistence().session(), node.persistence().settings(), Clock.systemUTC());
    api = ApiServer.start(new ApiServer.Dependencies(settings, tokens, FAKE_PUBSUB, node.router(), node.system(),
        Clock.systemUTC()), "127.0.0.1", 0);
    node.persistence().accounts().create(Jids.bare("carol@localhost"), "carol-pw").toCompletableFuture().join();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.unbind().toCompletableFuture().join();
    }
    if (node != null) {
      node.close();
    }
  }

  /** A fresh token (its own rate bucket) with these scopes. */
  private static String token(String... scopes) {
    return tokens.create("t" + TOKENS.incrementAndGet(), Set.of(scopes)).toCompletableFuture().join().secret();
  }

  private static HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> message(String token, String json) throws Exception {
    return post("/api/v1/messages", token, "application/json", json);
  }

  private static JsonNode body(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode b = body(r);
    assertThat(b.path("error").asText()).isNotEmpty();
    if (field == null) {
      assertThat(b.has("field")).as(r.body()).isFalse();
    } else {
      assertThat(b.path("field").asText()).as(r.body()).isEqualTo(field);
    }
  }

  // ---------------------------------------------------------------- messages

  @Test
  void messages_validRequest_202AndSmackUserReceivesItFromTheDomain() throws Exception {
    XMPPTCPConnection carol = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("localhost").setHost("127.0.0.1").setPort(node.c2sPort())
        .setUsernameAndPassword("carol", "carol-pw").setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(SmackClients.trustOnly(node.certificate())).setResource("phone").build());
    // A headline to the bare JID reaches available resources only (RFC 6121 §8.5.2.1.1): wait for
    // the server's reflection of carol's initial presence, or the message may overtake it.
    BlockingQueue<Object> ownPresence = new LinkedBlockingQueue<>();
    carol.addSyncStanzaListener(ownPresence::add, s -> s instanceof org.jivesoftware.smack.packet.Presence
        && s.getFrom() != null && s.getFrom().asBareJid().toString().equals("carol@localhost"));
    carol.connect().login();
    try {
      assertThat(ownPresence.poll(15, TimeUnit.SECONDS)).as("carol's own presence reflected").isNotNull();
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      carol.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);

      HttpResponse<String> r = message(token("messages:send"),
          "{\"to\":\"carol@localhost\",\"type\":\"headline\",\"subject\":\"Recording\",\"body\":\"Your show was recorded\"}");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String id = body(r).path("id").asText();
      Message m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("Your show was recorded");
      assertThat(m.getSubject()).isEqualTo("Recording");
      assertThat(m.getType()).isEqualTo(Message.Type.headline);
      assertThat(m.getFrom().toString()).isEqualTo("localhost");
      assertThat(m.getStanzaId()).isEqualTo(id);
    } finally {
      carol.disconnect();
    }
  }

  @Test
  void messages_noToken_401WithChallenge() throws Exception {
    HttpResponse<String> r = message(null, "{\"to\":\"carol@localhost\",\"body\":\"x\"}");
    assertError(r, 401, null);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void messages_unknownOrRevokedToken_401() throws Exception {
    assertError(message("sbt_" + "A".repeat(43), "{\"to\":\"carol@localhost\",\"body\":\"x\"}"), 401, null);
    assertError(message("garbage", "{\"to\":\"carol@localhost\",\"body\":\"x\"}"), 401, null);

    String name = "revoke-me";
    String secret = tokens.create(name, Set.of("messages:send")).toCompletableFuture().join().secret();
    assertThat(message(secret, "{\"to\":\"nobody@localhost\",\"body\":\"x\"}").statusCode()).isEqualTo(202);
    tokens.revoke(name).toCompletableFuture().join();
    assertError(message(secret, "{\"to\":\"nobody@localhost\",\"body\":\"x\"}"), 401, null);
  }

  @Test
  void messages_tokenWithoutScope_403() throws Exception {
    assertError(message(token("pubsub:publish"), "{\"to\":\"carol@localhost\",\"body\":\"x\"}"), 403, null);
  }

  @Test
  void messages_invalidFields_400NamingTheField() throws Exception {
    String t = token("messages:send");
    assertError(message(t, "{\"body\":\"x\"}"), 400, "to");
    assertError(message(t, "{\"to\":\"a@b@c\",\"body\":\"x\"}"), 400, "to");
    assertError(message(t, "{\"to\":\"carol@localhost\",\"type\":\"groupchat\",\"body\":\"x\"}"), 400, "type");
    assertError(message(t, "{\"to\":\"carol@localhost\"}"), 400, "body");
    assertError(message(t, "{\"to\":\"carol@localhost\",\"body\":\"x\",\"subjet\":\"typo\"}"), 400, "subjet");
  }

  @Test
  void messages_notJson_400WithoutField() throws Exception {
    String t = token("messages:send");
    assertError(message(t, "to=carol"), 400, null);
    assertError(message(t, "[1,2]"), 400, null);
  }

  @Test
  void messages_bodyOverLimit_413() throws Exception {
    String big = "{\"to\":\"carol@localhost\",\"body\":\"" + "x".repeat(2000) + "\"}";
    assertError(message(token("messages:send"), big), 413, null);
  }

  @Test
  void messages_wrongContentType_415() throws Exception {
    assertError(post("/api/v1/messages", token("messages:send"), "text/plain", "{\"to\":\"carol@localhost\",\"body\":\"x\"}"),
        415, "Content-Type");
  }

  @Test
  void messages_beyondBurst_429WithRetryAfter() throws Exception {
    String t = token("messages:send");
    for (int i = 0; i < 5; i++) {
      assertThat(message(t, "{\"to\":\"nobody@localhost\",\"body\":\"" + i + "\"}").statusCode()).isEqualTo(202);
    }
    HttpResponse<String> r = message(t, "{\"to\":\"nobody@localhost\",\"body\":\"one too many\"}");
    assertError(r, 429, null);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    // Another token has its own budget.
    assertThat(message(token("messages:send"), "{\"to\":\"nobody@localhost\",\"body\":\"x\"}").statusCode())
        .isEqualTo(202);
  }

  // ---------------------------------------------------------------- pub-sub

  @Test
  void publish_json_201AndJsonContainerPayload() throws Exception {
    HttpResponse<String> r = post("/api/v1/pubsub/feeds/items?id=ep42", token("pubsub:publish"), "application/json",
        "{\"title\":\"New episode\",\"n\":42}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(body(r).path("id").asText()).isEqualTo("ep42");
    Published p = published.poll(5, TimeUnit.SECONDS);
    assertThat(p).isNotNull();
    assertThat(p.itemId()).contains("ep42");
    assertThat(p.payload().is("json", "urn:xmpp:json:0")).isTrue();
    assertThat(JSON.readTree(p.payload().text())).isEqualTo(JSON.readTree("{\"title\":\"New episode\",\"n\":42}"));
  }

  @Test
  void publish_atomEntry_201AndEntryPayload() throws Exception {
    HttpResponse<String> r = post("/api/v1/pubsub/feeds/items", token("pubsub:publish"), "application/atom+xml",
        "<?xml version='1.0' encoding='UTF-8'?><entry xmlns='http://www.w3.org/2005/Atom'><title>Hi &amp; bye</title>"
            + "<id>urn:uuid:1</id><updated>2026-11-27T12:00:00Z</updated></entry>");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(body(r).path("id").asText()).isEqualTo("assigned-1");
    Published p = published.poll(5, TimeUnit.SECONDS);
    assertThat(p.payload().is("entry", "http://www.w3.org/2005/Atom")).isTrue();
    assertThat(p.payload().childText("title", "http://www.w3.org/2005/Atom")).contains("Hi & bye");
    assertThat(p.itemId()).isEmpty();
  }

  @Test
  void publish_atomWithDtdOrNotAnEntry_400Body() throws Exception {
    String t = token("pubsub:publish");
    assertError(post("/api/v1/pubsub/feeds/items", t, "application/atom+xml",
        "<!DOCTYPE entry [<!ENTITY x 'boom'>]><entry xmlns='http://www.w3.org/2005/Atom'><title>&x;</title></entry>"),
        400, "body");
    assertError(post("/api/v1/pubsub/feeds/items", t, "application/atom+xml", "<item xmlns='urn:other'/>"), 400, "body");
    assertError(post("/api/v1/pubsub/feeds/items", t, "application/json", "{not json"), 400, "body");
  }

  @Test
  void publish_serviceRefusesThePayload_400Body() throws Exception {
    HttpResponse<String> r = post("/api/v1/pubsub/picky/items", token("pubsub:publish"), "application/json", "{}");
    assertError(r, 400, "body");
    assertThat(body(r).path("error").asText()).contains("invalid-payload");
  }

  @Test
  void publish_unknownNode_404() throws Exception {
    assertError(post("/api/v1/pubsub/nope/items", token("pubsub:publish"), "application/json", "{}"), 404, "node");
  }

  @Test
  void publish_nodeRefusesOrScopeMissing_403() throws Exception {
    assertError(post("/api/v1/pubsub/closed/items", token("pubsub:publish"), "application/json", "{}"), 403, null);
    assertError(post("/api/v1/pubsub/feeds/items", token("messages:send"), "application/json", "{}"), 403, null);
  }

  @Test
  void publish_serviceDoesNotAnswer_503() throws Exception {
    assertError(post("/api/v1/pubsub/slow/items", token("pubsub:publish"), "application/json", "{}"), 503, null);
  }

  @Test
  void publish_noToken_401_tooLarge_413_wrongType_415() throws Exception {
    assertError(post("/api/v1/pubsub/feeds/items", null, "application/json", "{}"), 401, null);
    assertError(post("/api/v1/pubsub/feeds/items", token("pubsub:publish"), "application/json",
        "[\"" + "x".repeat(2000) + "\"]"), 413, null);
    assertError(post("/api/v1/pubsub/feeds/items", token("pubsub:publish"), "text/html", "<p/>"), 415, "Content-Type");
  }

  // ---------------------------------------------------------------- document and routing

  @Test
  void openApi_get_servesTheOpenApi3Document() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = body(r);
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    assertThat(doc.path("paths").has("/pubsub/{node}/items")).isTrue();
    assertThat(doc.path("paths").has("/messages")).isTrue();
    for (String status : List.of("201", "400", "401", "403", "404", "413", "429")) {
      assertThat(doc.path("paths").path("/pubsub/{node}/items").path("post").path("responses").has(status))
          .as(status).isTrue();
    }
  }

  @Test
  void unknownPathOrMethod_jsonErrors() throws Exception {
    assertError(post("/api/v1/nothing", null, "application/json", "{}"), 404, null);
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/messages")).build(), HttpResponse.BodyHandlers.ofString());
    assertError(get, 405, null);
  }
}
