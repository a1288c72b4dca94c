package io.switchboard.node.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.sharding.feed.FeedKeys;
import io.switchboard.sharding.feed.WebSubSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemPublishEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Feeds end to end on one real node (in-process, real Cassandra): feeds served on loopback by the
 * test, nodes created and feeds attached through the HTTP API, subscribers written by others
 * (Smack in this JVM, slixmpp as a process) receive each entry once; unchanged fetches are 304s;
 * a changed entry replaces its item; bad feeds end in an error in the feed's status and nothing
 * else; WebSub with the test as the hub.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private static FeedServer feeds;
  private static InProcessNode node;
  private static int httpPort;
  private static String token;
  private static XMPPTCPConnection smack;
  private static final List<String> smackItems = new CopyOnWriteArrayList<>();
  private static Process slixmpp;
  private static Path slixmppLog;

  @BeforeAll
  static void start() throws Exception {
    SmackConfiguration.setDefaultReplyTimeout(20_000);
    feeds = new FeedServer();
    feeds.rss.add(new FeedServer.Entry("urn:news:1", "First news", "one"));
    feeds.rss.add(new FeedServer.Entry("urn:news:2", "Second news", "two"));
    feeds.atom.add(new FeedServer.Entry("urn:atom:1", "Atom one", "a1"));
    feeds.atom.add(new FeedServer.Entry("urn:atom:2", "Atom two", "a2"));
    httpPort = CassandraExtension.freePort();
    Map<String, Object> settings = new HashMap<>();
    settings.put("switchboard.ports.http", httpPort);
    settings.put("switchboard.api.rate-per-second", 1000);
    settings.put("switchboard.api.burst", 1000);
    settings.put("switchboard.feeds.min-interval", "1s");
    settings.put("switchboard.feeds.default-interval", "2s");
    settings.put("switchboard.feeds.start-spread", "1s");
    settings.put("switchboard.feeds.max-backoff", "4s");
    settings.put("switchboard.feeds.http.allow-private-addresses", true);
    settings.put("switchboard.feeds.http.timeout", "3s");
    settings.put("switchboard.feeds.http.max-body-bytes", "1 MiB");
    settings.put("switchboard.feeds.callback-base-url", "http://127.0.0.1:" + httpPort);
    settings.put("switchboard.feeds.websub.verify-timeout", "30s");
    node = InProcessNode.startWithAccounts("feeds_it", settings, "reader", "viewer");
    TokenStore tokens = TokenStore.cassandra(node.node().persistence().session(),
        node.node().persistence().settings(), Clock.systemUTC());
    token = tokens.create("feeds-it", Set.of("pubsub:read", "pubsub:manage", "pubsub:feeds", "pubsub:publish"))
        .toCompletableFuture().join().secret();
    for (String n : List.of("rss", "atom")) {
      HttpResponse<String> created = api("POST", "/pubsub", "{\"node\":\"" + n + "\",\"config\":{\"max_items\":20,\"title\":\"" + n + "\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
    smack = SmackClients.connect(node, "reader", "reader-pw", "smack");
    PubSubManager ps = PubSubManager.getInstanceFor(smack, JidCreate.domainBareFrom("pubsub.localhost"));
    for (String n : List.of("rss", "atom")) {
      LeafNode leaf = ps.getLeafNode(n);
      leaf.addItemEventListener(e -> {
        for (Object i : ((ItemPublishEvent<?>) e).getItems()) {
          Item item = (Item) i;
          String xml = item instanceof PayloadItem<?> p ? p.getPayload().toXML().toString() : "";
          smackItems.add(n + " " + item.getId() + " " + title(xml));
        }
      });
      leaf.subscribe(smack.getUser().asEntityBareJid());
    }
    startSlixmpp();
  }

  private static void startSlixmpp() throws Exception {
    boolean available = Files.isExecutable(PYTHON)
        && new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").start().waitFor() == 0;
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("python3-slixmpp must be installed").isTrue();
    }
    if (!available) {
      return;
    }
    Path script = Files.createTempFile("feed_subscriber", ".py");
    try (InputStream in = FeedsIT.class.getResourceAsStream("/slixmpp/feed_subscriber.py")) {
      Files.write(script, in.readAllBytes());
    }
    slixmppLog = Files.createTempFile("feed_subscriber", ".log");
    Path ca = node.node().settings().dataDir().resolve("tls").resolve("localhost.crt.pem");
    slixmpp = new ProcessBuilder(PYTHON.toString(), script.toString(), Integer.toString(node.c2sPort()),
        "viewer@localhost/py", "viewer-pw", "pubsub.localhost", "rss,atom", ca.toString(), "240")
        .redirectErrorStream(true).redirectOutput(slixmppLog.toFile()).start();
    Await.until("slixmpp subscribed to both nodes", WAIT,
        () -> slixmppLines("SUBSCRIBED").size() == 2, () -> read(slixmppLog));
  }

  @AfterAll
  static void stop() {
    if (slixmpp != null) {
      slixmpp.destroyForcibly();
    }
    if (smack != null) {
      smack.disconnect();
    }
    InProcessNode.closeIfStarted(node);
    if (feeds != null) {
      feeds.close();
    }
  }

  // ------------------------------------------------------------------------------------ tests

  @Test
  @Order(1)
  void attach_rssAndAtom_eachEntryOnceToBothSubscribers_then304s() throws Exception {
    assertThat(api("PUT", "/pubsub/rss/feed", "{\"url\":\"" + feeds.url("/rss.xml") + "\",\"interval\":1}").statusCode())
        .isEqualTo(200);
    assertThat(api("PUT", "/pubsub/atom/feed", "{\"url\":\"" + feeds.url("/atom.xml") + "\",\"interval\":1}").statusCode())
        .isEqualTo(200);
    List<String> expected = List.of("rss urn:news:1 First news", "rss urn:news:2 Second news",
        "atom urn:atom:1 Atom one", "atom urn:atom:2 Atom two");
    Await.until("Smack got the four entries", WAIT, () -> smackItems.containsAll(expected), smackItems::toString);
    awaitSlixmpp(expected);

    // Unchanged: the next fetches are conditional and answered 304, and nothing more arrives.
    int rss304 = feeds.notModified("/rss.xml");
    int atom304 = feeds.notModified("/atom.xml");
    Await.until("three more 304s for each feed", WAIT,
        () -> feeds.notModified("/rss.xml") >= rss304 + 3 && feeds.notModified("/atom.xml") >= atom304 + 3);
    assertThat(smackItems).as("each entry once").hasSize(4);
    if (slixmpp != null) {
      assertThat(slixmppLines("ITEM")).hasSize(4);
    }
    System.out.printf("[figures] feeds: %d requests for /rss.xml, %d answered 304; %d for /atom.xml, %d answered 304%n",
        feeds.requests("/rss.xml"), feeds.notModified("/rss.xml"), feeds.requests("/atom.xml"),
        feeds.notModified("/atom.xml"));

    JsonNode items = JSON.readTree(api("GET", "/pubsub/rss/items", null).body());
    assertThat(items.path("items")).hasSize(2);
    assertThat(items.path("items").get(0).path("payload").asText()).contains("<entry xmlns=\"http://www.w3.org/2005/Atom\"")
        .contains("Second news");
  }

  @Test
  @Order(2)
  void newAndChangedEntries_newOnceChangedReplacesItsItem() throws Exception {
    smackItems.clear();
    int slixBefore = slixmpp == null ? 0 : slixmppLines("ITEM").size();
    feeds.rss.add(new FeedServer.Entry("urn:news:3", "Third news", "three"));
    feeds.rssChanged();
    feeds.atom.set(0, new FeedServer.Entry("urn:atom:1", "Atom one, corrected", "a1 v2"));
    feeds.atomChanged();
    List<String> expected = List.of("rss urn:news:3 Third news", "atom urn:atom:1 Atom one, corrected");
    Await.until("the new and the changed entry", WAIT, () -> smackItems.containsAll(expected), smackItems::toString);
    int rss304 = feeds.notModified("/rss.xml");
    Await.until("unchanged again: 304s", WAIT, () -> feeds.notModified("/rss.xml") >= rss304 + 2);
    assertThat(smackItems).as("nothing else").hasSize(2);
    if (slixmpp != null) {
      Await.until("slixmpp got both", WAIT, () -> slixmppLines("ITEM").size() == slixBefore + 2, () -> read(slixmppLog));
    }
    JsonNode item = JSON.readTree(api("GET", "/pubsub/atom/items/urn:atom:1", null).body());
    assertThat(item.path("payload").asText()).contains("Atom one, corrected");
    assertThat(JSON.readTree(api("GET", "/pubsub/atom/items", null).body()).path("items")).as("replaced, not added").hasSize(2);
  }

  @Test
  @Order(3)
  void badFeeds_eachAnErrorInItsStatusAndNothingElse() throws Exception {
    Map<String, String> bad = Map.of(
        "malformed", "not a feed",
        "xxe", "not a feed",
        "huge", "larger than 1048576 bytes",
        "loop-a", "redirect loop",
        "slow", "timed out after 3 s",
        "500", "HTTP 500");
    for (String b : bad.keySet()) {
      String n = "bad-" + b;
      assertThat(api("POST", "/pubsub", "{\"node\":\"" + n + "\"}").statusCode()).isEqualTo(201);
      HttpResponse<String> r = api("PUT", "/pubsub/" + n + "/feed", "{\"url\":\"" + feeds.url("/bad/" + b) + "\",\"interval\":1}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    for (var e : bad.entrySet()) {
      String url = FeedKeys.normalise(feeds.url("/bad/" + e.getKey())).orElseThrow();
      Await.until(e.getKey() + " shows its error", WAIT, () -> {
        JsonNode f = feedStatus(url);
        return f != null && f.path("lastError").asText("").contains(e.getValue()) && f.path("consecutiveErrors").asInt() >= 1;
      }, () -> String.valueOf(feedStatus(url)));
      JsonNode items = JSON.readTree(api("GET", "/pubsub/bad-" + e.getKey() + "/items", null).body());
      assertThat(items.path("items")).as(e.getKey() + " published nothing").isEmpty();
      JsonNode viaApi = JSON.readTree(api("GET", "/pubsub/bad-" + e.getKey() + "/feed", null).body());
      assertThat(viaApi.path("lastError").asText()).contains(e.getValue());
    }
    assertThat(feedStatus(FeedKeys.normalise(feeds.url("/bad/xxe")).orElseThrow()).path("lastError").asText())
        .contains("DOCTYPE");
    // The good feeds went on undisturbed.
    assertThat(feedStatus(FeedKeys.normalise(feeds.url("/rss.xml")).orElseThrow()).path("consecutiveErrors").asInt()).isZero();
  }

  @Test
  @Order(4)
  void websub_testPlaysTheHub_verifiedSignedContentPublishedWrongSignatureRefusedLeaseRenewed() throws Exception {
    feeds.pushed.add(new FeedServer.Entry("urn:push:1", "Pushed one", "p1"));
    assertThat(api("POST", "/pubsub", "{\"node\":\"pushed\"}").statusCode()).isEqualTo(201);
    PubSubManager ps = PubSubManager.getInstanceFor(smack, JidCreate.domainBareFrom("pubsub.localhost"));
    LeafNode leaf = ps.getLeafNode("pushed");
    List<String> pushedItems = new CopyOnWriteArrayList<>();
    leaf.addItemEventListener(e -> {
      for (Object i : ((ItemPublishEvent<?>) e).getItems()) {
        pushedItems.add(((Item) i).getId());
      }
    });
    leaf.subscribe(smack.getUser().asEntityBareJid());
    assertThat(api("PUT", "/pubsub/pushed/feed", "{\"url\":\"" + feeds.url("/pushed.xml") + "\",\"interval\":1}").statusCode())
        .isEqualTo(200);
    Await.until("the first fetch published urn:push:1", WAIT, () -> pushedItems.contains("urn:push:1"));
    Await.until("a subscription request at the hub", WAIT, () -> !feeds.hubRequests.isEmpty());
    Map<String, String> sub = form(feeds.hubRequests.get(0));
    String topic = feeds.url("/pushed.xml");
    assertThat(sub).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", topic);
    assertThat(sub.get("hub.callback")).startsWith("http://127.0.0.1:" + httpPort + "/websub/");
    String callback = sub.get("hub.callback");
    String secret = sub.get("hub.secret");

    assertThat(get(callback + "?hub.mode=subscribe&hub.topic=" + enc("http://elsewhere.test/") + "&hub.challenge=c0&hub.lease_seconds=60")
        .statusCode()).as("wrong topic").isEqualTo(404);
    assertThat(get(callback.substring(0, callback.lastIndexOf('/')) + "/not-a-subscription?hub.mode=subscribe&hub.topic="
        + enc(topic) + "&hub.challenge=c0&hub.lease_seconds=60").statusCode()).as("unknown subscription").isEqualTo(404);
    HttpResponse<String> verified = get(callback + "?hub.mode=subscribe&hub.topic=" + enc(topic)
        + "&hub.challenge=challenge-1&hub.lease_seconds=6");
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.body()).isEqualTo("challenge-1");

    String content = feeds.atom(List.of(new FeedServer.Entry("urn:push:1", "Pushed one", "p1"),
        new FeedServer.Entry("urn:push:2", "Pushed two", "p2")), null);
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> forged = post(callback, body, WebSubSignature.sign("sha256", "not-the-secret", body));
    assertThat(forged.statusCode()).as("wrong signature").isEqualTo(403);
    HttpResponse<String> unsigned = post(callback, body, null);
    assertThat(unsigned.statusCode()).as("no signature").isEqualTo(403);
    HttpResponse<String> signed = post(callback, body, WebSubSignature.sign("sha1", secret, body));
    assertThat(signed.statusCode()).isEqualTo(202);
    Await.until("the pushed entry", WAIT, () -> pushedItems.contains("urn:push:2"), pushedItems::toString);
    assertThat(pushedItems).as("each once, the forged push published nothing").containsExactly("urn:push:1", "urn:push:2");
    JsonNode status = feedStatus(FeedKeys.normalise(topic).orElseThrow());
    assertThat(status.path("websub").asText()).isIn("active", "renewing");
    assertThat(status.path("lastError").asText()).contains("X-Hub-Signature");

    // The 6 s lease is renewed before it ends: the same callback and secret asked again.
    Await.until("a renewal at the hub", Duration.ofSeconds(20), () -> feeds.hubRequests.size() >= 2);
    Map<String, String> renewal = form(feeds.hubRequests.get(1));
    assertThat(renewal).containsEntry("hub.mode", "subscribe").containsEntry("hub.callback", callback)
        .containsEntry("hub.secret", secret);
    assertThat(get(callback + "?hub.mode=subscribe&hub.topic=" + enc(topic) + "&hub.challenge=challenge-2&hub.lease_seconds=600")
        .body()).isEqualTo("challenge-2");
    Await.until("the renewed lease in the status", WAIT, () -> "active".equals(
        feedStatus(FeedKeys.normalise(topic).orElseThrow()).path("websub").asText()));
  }

  @Test
  @Order(5)
  void detach_feedListedNoMore_andApiErrors() throws Exception {
    assertThat(api("DELETE", "/pubsub/bad-500/feed", null).statusCode()).isEqualTo(204);
    String url = FeedKeys.normalise(feeds.url("/bad/500")).orElseThrow();
    Await.until("the feed left the list", WAIT, () -> feedStatus(url) == null);
    int requests = feeds.requests("/bad/500");
    assertThat(api("GET", "/pubsub/bad-500/feed", null).statusCode()).isEqualTo(404);
    assertThat(api("GET", "/pubsub/no-such-node/items", null).statusCode()).isEqualTo(404);
    assertThat(api("POST", "/pubsub", "{\"node\":\"rss\"}").statusCode()).isEqualTo(409);
    HttpResponse<String> badConfig = api("PATCH", "/pubsub/rss", "{\"colour\":\"red\"}");
    assertThat(badConfig.statusCode()).isEqualTo(400);
    assertThat(badConfig.body()).contains("\"field\":\"colour\"");
    assertThat(api("PUT", "/pubsub/rss/feed", "{\"url\":\"file:///etc/passwd\"}").statusCode()).isEqualTo(400);
    JsonNode subs = JSON.readTree(api("GET", "/pubsub/rss/subscriptions", null).body());
    assertThat(subs.path("subscriptions").findValuesAsText("jid")).contains("reader@localhost");
    JsonNode affs = JSON.readTree(api("GET", "/pubsub/rss/affiliations", null).body());
    assertThat(affs.path("affiliations").findValuesAsText("affiliation")).contains("owner");
    JsonNode config = JSON.readTree(api("GET", "/pubsub/rss", null).body());
    assertThat(config.path("config").path("feed_url").asText()).isEqualTo(FeedKeys.normalise(feeds.url("/rss.xml")).orElseThrow());
    assertThat(config.path("config").path("max_items").asInt()).isEqualTo(20);
    assertThat(JSON.readTree(api("GET", "/pubsub", null).body()).path("nodes").toString()).contains("\"rss\"", "\"atom\"");
    assertThat(api("DELETE", "/pubsub/bad-slow", null).statusCode()).isEqualTo(204);
    String slow = FeedKeys.normalise(feeds.url("/bad/slow")).orElseThrow();
    Await.until("a deleted node's feed is detached", WAIT, () -> feedStatus(slow) == null);
    Thread.sleep(3000); // a negative: after the positive above proved the detach happened
    assertThat(feeds.requests("/bad/500")).as("no fetch after the detach").isLessThanOrEqualTo(requests + 1);
    HttpResponse<String> noScope = HTTP.send(HttpRequest.newBuilder(URI.create(api("/feeds")))
        .header("Authorization", "Bearer " + TokenStore.cassandra(node.node().persistence().session(),
            node.node().persistence().settings(), Clock.systemUTC()).create("reader-only", Set.of("pubsub:read"))
            .toCompletableFuture().join().secret()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noScope.statusCode()).isEqualTo(403);

    JsonNode doc = JSON.readTree(get("http://127.0.0.1:" + httpPort + "/api/v1/openapi.json").body());
    for (String path : List.of("/pubsub", "/pubsub/{node}", "/pubsub/{node}/items", "/pubsub/{node}/items/{id}",
        "/pubsub/{node}/subscriptions", "/pubsub/{node}/affiliations", "/pubsub/{node}/feed", "/feeds")) {
      JsonNode ops = doc.path("paths").path(path);
      assertThat(ops.isObject()).as(path).isTrue();
      ops.fields().forEachRemaining(op -> {
        if (!op.getKey().equals("parameters")) {
          assertThat(op.getValue().path("responses").has("401")).as(path + " " + op.getKey()).isTrue();
          assertThat(op.getValue().path("responses").has("403")).as(path + " " + op.getKey()).isTrue();
          assertThat(op.getValue().path("description").asText()).as(path + " " + op.getKey()).containsPattern("Needs (the scope )?pubsub:");
        }
      });
    }
  }

  @Test
  @Order(6)
  void nodeOwner_setsFeedUrlInTheConfigurationForm_secondNodeOfAFetchedFeedGetsEveryEntry() throws Exception {
    PubSubManager ps = PubSubManager.getInstanceFor(smack, JidCreate.domainBareFrom("pubsub.localhost"));
    LeafNode owned = ps.createNode("owned");
    List<String> ownedItems = new CopyOnWriteArrayList<>();
    owned.addItemEventListener(e -> {
      for (Object i : ((ItemPublishEvent<?>) e).getItems()) {
        ownedItems.add(((Item) i).getId());
      }
    });
    owned.subscribe(smack.getUser().asEntityBareJid());
    var form = owned.getNodeConfiguration().getFillableForm();
    form.setAnswer("pubsub#feed_url", feeds.url("/atom.xml"));
    form.setAnswer("pubsub#feed_interval", "1");
    owned.sendConfigurationForm(form);
    // The Atom feed is fetched already for node "atom": this node gets every current entry once.
    Await.until("the owner's node got the feed's entries", WAIT,
        () -> ownedItems.containsAll(List.of("urn:atom:1", "urn:atom:2")), ownedItems::toString);
    int atom304 = feeds.notModified("/atom.xml");
    Await.until("back to 304s", WAIT, () -> feeds.notModified("/atom.xml") >= atom304 + 2);
    assertThat(ownedItems).as("each once").containsExactlyInAnyOrder("urn:atom:1", "urn:atom:2");
    JsonNode status = feedStatus(FeedKeys.normalise(feeds.url("/atom.xml")).orElseThrow());
    assertThat(status.path("targets").toString()).contains("pubsub.localhost/atom", "pubsub.localhost/owned");
  }

  // ---------------------------------------------------------------------------------- helpers

  private static String title(String xml) {
    int s = xml.indexOf("<title");
    if (s < 0) {
      return "-";
    }
    int gt = xml.indexOf('>', s);
    int e = xml.indexOf("</title>", gt);
    return xml.substring(gt + 1, e);
  }

  private static void awaitSlixmpp(List<String> expected) throws InterruptedException {
    if (slixmpp == null) {
      return;
    }
    Await.until("slixmpp got the entries", WAIT,
        () -> slixmppLines("ITEM").stream().map(l -> l.substring(5)).toList().containsAll(expected), () -> read(slixmppLog));
  }

  private static List<String> slixmppLines(String prefix) {
    return read(slixmppLog).lines().filter(l -> l.startsWith(prefix + " ")).toList();
  }

  private static String read(Path p) {
    try {
      return p == null ? "" : Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String api(String path) {
    return "http://127.0.0.1:" + httpPort + "/api/v1" + path;
  }

  static HttpResponse<String> api(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api(path))).header("Authorization", "Bearer " + token);
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, byte[] body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/atom+xml")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      b.header("X-Hub-Signature", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The feed's entry in GET /switchboard/feeds on the management port, or null. */
  static JsonNode feedStatus(String url) {
    try {
      // The management routes need the node's token (#23 F5).
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort()
          + "/switchboard/feeds")).header("Authorization", "Bearer " + node.managementToken()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      for (JsonNode f : JSON.readTree(r.body())) {
        if (f.path("url").asText().equals(url)) {
          return f;
        }
      }
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
