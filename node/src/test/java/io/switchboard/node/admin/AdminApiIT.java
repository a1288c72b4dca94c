package io.switchboard.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.protocol.jid.Jids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin HTTP API ({@code /api/v1/admin}, scope {@code admin}) end to end on the shared
 * {@link TwoNodeCluster}: requests with {@code java.net.http} to the first node's HTTP port, the
 * effects seen by Smack clients on both nodes (the same checks as {@link AdminCommandsIT}), then the
 * API's error cases. Users are this class's own ({@code api-*}).
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class AdminApiIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static InProcessNode one;
  private static InProcessNode two;
  private static String admin;
  private static String sender;

  @BeforeAll
  static void start() {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    for (String u : List.of("bob", "carol", "gina", "motd")) {
      one.node().persistence().accounts().create(Jids.bare("api-" + u + "@localhost"), "api-" + u + "-pw")
          .toCompletableFuture().join();
    }
    var p = one.node().persistence();
    TokenStore tokens = TokenStore.cassandra(p.session(), p.settings(), Clock.systemUTC());
    admin = tokens.create("admin-api-it", Set.of("admin")).toCompletableFuture().join().secret();
    sender = tokens.create("admin-api-it-sender", Set.of("messages:send")).toCompletableFuture().join().secret();
  }

  private static HttpResponse<String> call(String method, String path, String token, String contentType, String body)
      throws Exception {
    return call(one, method, path, token, contentType, body);
  }

  private static HttpResponse<String> call(InProcessNode node, String method, String path, String token,
      String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1" + path))
        .timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, admin, body == null ? null : "application/json", body);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
    JsonNode b = json(r);
    assertThat(b.path("error").asText()).isNotEmpty();
    if (field != null) {
      assertThat(b.path("field").asText()).isEqualTo(field);
    }
  }

  private static XMPPTCPConnection login(InProcessNode node, String user, String resource) throws Exception {
    return SmackClients.connect(node, "api-" + user, "api-" + user + "-pw", resource);
  }

  private static List<String> sessions() throws Exception {
    HttpResponse<String> r = call("GET", "/admin/sessions", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new java.util.ArrayList<>();
    json(r).path("sessions").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void accounts_createPasswordDisableDelete_takeEffectOnLogin() throws Exception {
    HttpResponse<String> created = call("POST", "/admin/accounts",
        "{\"jid\":\"api-newbie@localhost\",\"password\":\"first-pw\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).path("jid").asText()).isEqualTo("api-newbie@localhost");
    assertThat(SmackClients.canLogin(two, "api-newbie", "first-pw")).isTrue();
    assertError(call("POST", "/admin/accounts", "{\"jid\":\"api-newbie@localhost\",\"password\":\"x\"}"), 409, "jid");

    assertThat(call("PUT", "/admin/accounts/api-newbie@localhost/password", "{\"password\":\"second-pw\"}")
        .statusCode()).isEqualTo(204);
    assertThat(SmackClients.canLogin(two, "api-newbie", "first-pw")).isFalse();
    assertThat(SmackClients.canLogin(two, "api-newbie", "second-pw")).isTrue();

    XMPPTCPConnection newbie = SmackClients.connect(two, "api-newbie", "second-pw", "tablet");
    try {
      assertThat(call("PUT", "/admin/accounts/api-newbie@localhost/disabled", "{\"disabled\":true}").statusCode())
          .isEqualTo(204);
      Await.until("the disabled account's stream closed", WAIT, () -> !newbie.isConnected());
      XMPPTCPConnection again = new XMPPTCPConnection(
          SmackClients.config(one, "api-newbie", "second-pw").setResource("probe").build());
      try {
        again.connect();
        assertThatThrownBy(again::login).isInstanceOfSatisfying(SASLErrorException.class, e ->
            assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("account-disabled"));
      } finally {
        again.disconnect();
      }
      assertThat(call("PUT", "/admin/accounts/api-newbie@localhost/disabled", "{\"disabled\":false}").statusCode())
          .isEqualTo(204);
      assertThat(SmackClients.canLogin(two, "api-newbie", "second-pw")).isTrue();
    } finally {
      newbie.disconnect();
    }

    XMPPTCPConnection gina = login(two, "gina", "phone");
    assertThat(call("DELETE", "/admin/accounts/api-newbie@localhost", null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/admin/accounts/api-gina@localhost", null).statusCode()).isEqualTo(204);
    assertThat(SmackClients.canLogin(two, "api-newbie", "second-pw")).isFalse();
    assertThat(SmackClients.canLogin(two, "api-gina", "api-gina-pw")).isFalse();
    Await.until("the deleted account's stream closed", WAIT, () -> !gina.isConnected());
    assertError(call("DELETE", "/admin/accounts/api-newbie@localhost", null), 404, "jid");
    assertError(call("PUT", "/admin/accounts/api-nobody@localhost/password", "{\"password\":\"x\"}"), 404, "jid");
    assertError(call("PUT", "/admin/accounts/api-nobody@localhost/disabled", "{\"disabled\":true}"), 404, "jid");
  }

  @Test
  void account_lastLogin_nullUntilTheFirstBind_thenItsTime_sameAsGetUserLastlogin() throws Exception {
    assertThat(call("POST", "/admin/accounts", "{\"jid\":\"api-lastlogin@localhost\",\"password\":\"ll-pw\"}")
        .statusCode()).isEqualTo(201);
    HttpResponse<String> never = call("GET", "/admin/accounts/api-lastlogin@localhost", null);
    assertThat(never.statusCode()).as(never.body()).isEqualTo(200);
    assertThat(json(never).path("jid").asText()).isEqualTo("api-lastlogin@localhost");
    assertThat(json(never).has("lastLogin")).isTrue();
    assertThat(json(never).path("lastLogin").isNull()).isTrue();
    assertThat(json(never).path("resources").asInt()).isZero();

    java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    XMPPTCPConnection c = SmackClients.connect(two, "api-lastlogin", "ll-pw", "phone"); // the other node
    java.time.Instant after = java.time.Instant.now();
    try {
      JsonNode seen = json(call("GET", "/admin/accounts/api-lastlogin@localhost", null));
      assertThat(java.time.Instant.parse(seen.path("lastLogin").asText())).isBetween(before, after);
      assertThat(seen.path("resources").asInt()).isEqualTo(1);
    } finally {
      c.disconnect();
    }
    assertError(call("GET", "/admin/accounts/api-nobody@localhost", null), 404, "jid");
    assertError(call("GET", "/admin/accounts/api-x@elsewhere.org", null), 400, "jid");
    assertError(call("GET", "/admin/accounts/api-lastlogin@localhost", sender, null, null), 403, null);
  }

  @Test
  void sessionsAnnounceAndEndSession_reachClientsOnBothNodes() throws Exception {
    XMPPTCPConnection bob = login(two, "bob", "desk");
    XMPPTCPConnection bobPhone = login(one, "bob", "phone");
    XMPPTCPConnection carol = login(one, "carol", "phone");
    try {
      BlockingQueue<Message> carolGot = new LinkedBlockingQueue<>();
      carol.addAsyncStanzaListener(s -> carolGot.add((Message) s), StanzaTypeFilter.MESSAGE);
      Await.until("bob's and carol's resources listed", WAIT, () -> {
        try {
          return sessions().containsAll(List.of("api-bob@localhost/desk", "api-bob@localhost/phone",
              "api-carol@localhost/phone"));
        } catch (Exception e) {
          return false;
        }
      });
      JsonNode listed = json(call("GET", "/admin/sessions", null));
      assertThat(listed.path("complete").asBoolean()).as("both nodes answered").isTrue();
      assertThat(listed.path("accounts").asInt()).isGreaterThanOrEqualTo(2);

      HttpResponse<String> sent = call("POST", "/admin/announce",
          "{\"subject\":\"Maintenance\",\"body\":\"Restart at 03:00\"}");
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
      assertThat(json(sent).path("sent").asInt()).isGreaterThanOrEqualTo(3);
      assertThat(json(sent).path("complete").asBoolean()).isTrue();
      Message m = carolGot.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("Restart at 03:00");
      assertThat(m.getSubject()).isEqualTo("Maintenance");
      assertThat(m.getType()).isEqualTo(Message.Type.headline);
      assertThat(m.getFrom().toString()).isEqualTo("localhost");

      // A full JID ends that resource only; the bare JID the rest.
      HttpResponse<String> desk = call("DELETE", "/admin/sessions/api-bob@localhost/desk", null);
      assertThat(desk.statusCode()).as(desk.body()).isEqualTo(200);
      assertThat(json(desk).path("ended").asInt()).isEqualTo(1);
      Await.until("bob's desk stream closed", WAIT, () -> !bob.isConnected());
      assertThat(bobPhone.isConnected()).isTrue();
      HttpResponse<String> rest = call("DELETE", "/admin/sessions/api-bob@localhost", null);
      assertThat(json(rest).path("ended").asInt()).isEqualTo(1);
      assertThat(json(rest).path("complete").asBoolean()).isTrue();
      Await.until("bob's phone stream closed", WAIT, () -> !bobPhone.isConnected());
      assertThat(sessions()).noneMatch(j -> j.startsWith("api-bob@")).contains("api-carol@localhost/phone");
      assertThat(carol.isConnected()).isTrue();
    } finally {
      bob.disconnect();
      bobPhone.disconnect();
      carol.disconnect();
    }
  }

  /** {@code ./switchboard sessions|kick|announce} against the first node's management port and token. */
  private static String[] cli(int expectedExit, String... args) throws Exception {
    java.nio.file.Path repo = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.isRegularFile(repo.resolve("switchboard"))) {
      repo = repo.getParent();
    }
    List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("switchboard").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SWITCHBOARD_MANAGEMENT_PORT", Integer.toString(one.managementPort()));
    pb.environment().put("SWITCHBOARD_MANAGEMENT_TOKEN", one.managementToken());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isEqualTo(expectedExit);
    return out.split("\n");
  }

  private static String last(String[] lines) {
    return lines[lines.length - 1];
  }

  @Test
  void rooms_listedAndDestroyed_occupantSeesTheDestroy() throws Exception {
    XMPPTCPConnection carol = login(two, "carol", "rooms");
    try {
      var room = org.jxmpp.jid.impl.JidCreate.entityBareFrom("api-room@conference.localhost");
      BlockingQueue<org.jivesoftware.smackx.muc.packet.Destroy> destroyed = new LinkedBlockingQueue<>();
      carol.addSyncStanzaListener(s -> {
        var user = org.jivesoftware.smackx.muc.packet.MUCUser.from(s);
        if (user != null && user.getDestroy() != null) {
          destroyed.add(user.getDestroy());
        }
      }, StanzaTypeFilter.PRESENCE);
      org.jivesoftware.smackx.muc.MultiUserChatManager.getInstanceFor(carol).getMultiUserChat(room)
          .create(org.jxmpp.jid.parts.Resourcepart.from("carol")).makeInstant();

      Await.until("the room listed", WAIT, () -> roomJids().contains("api-room@conference.localhost"));
      HttpResponse<String> badName = call("DELETE", "/admin/rooms/Api-Room", null);
      assertError(badName, 400, "room");
      HttpResponse<String> badVenue = call("DELETE", "/admin/rooms/api-room?alternate=%40%40", null);
      assertError(badVenue, 400, "alternate");

      HttpResponse<String> gone = call("DELETE",
          "/admin/rooms/api-room?reason=closing%20time&alternate=next%40conference.localhost", null);
      assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
      assertThat(json(gone).path("room").asText()).isEqualTo("api-room@conference.localhost");
      var destroy = destroyed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(destroy).as("the occupant's destroy presence").isNotNull();
      assertThat(destroy.getReason()).isEqualTo("closing time");
      assertThat(destroy.getJid().toString()).isEqualTo("next@conference.localhost");
      Await.until("the room unlisted", WAIT, () -> !roomJids().contains("api-room@conference.localhost"));
      assertError(call("DELETE", "/admin/rooms/api-room", null), 404, "room");
    } finally {
      carol.disconnect();
    }
  }

  private static List<String> roomJids() {
    try {
      HttpResponse<String> r = call("GET", "/admin/rooms", null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      List<String> out = new java.util.ArrayList<>();
      json(r).path("rooms").forEach(n -> out.add(n.path("jid").asText()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void cli_sessionsKickAnnounce_throughTheManagementPort() throws Exception {
    XMPPTCPConnection carol = login(two, "carol", "laptop");
    try {
      BlockingQueue<Message> carolGot = new LinkedBlockingQueue<>();
      carol.addAsyncStanzaListener(s -> carolGot.add((Message) s), StanzaTypeFilter.MESSAGE);
      Await.until("carol listed by ./switchboard sessions", WAIT, () -> {
        try {
          return List.of(cli(0, "sessions")).contains("  api-carol@localhost/laptop");
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(JSON.readTree(String.join("\n", cli(0, "sessions", "--json"))).path("sessions").toString())
          .contains("api-carol@localhost/laptop");

      assertThat(last(cli(0, "announce", "--subject", "Ops", "back in 5 \"minutes\"")))
          .matches("sent to [1-9][0-9]* online resource\\(s\\)");
      Message m = carolGot.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("back in 5 \"minutes\"");
      assertThat(m.getSubject()).isEqualTo("Ops");

      assertThat(last(cli(0, "kick", "api-carol@localhost/laptop")))
          .isEqualTo("ended 1 session(s) of api-carol@localhost/laptop");
      Await.until("carol's stream closed", WAIT, () -> !carol.isConnected());
      assertThat(last(cli(1, "kick", "api-carol@localhost")))
          .isEqualTo("ended 0 session(s) of api-carol@localhost");
      assertThat(String.join("\n", cli(2, "kick", "carol@elsewhere.org"))).contains("not an account of this server");
      assertThat(String.join("\n", cli(2, "announce"))).contains("usage:");
      // The management routes behind the CLI need the management token; a bad body names its field.
      String mgmt = "http://127.0.0.1:" + one.managementPort() + "/switchboard/";
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(mgmt + "sessions")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpResponse<String> noBody = HTTP.send(HttpRequest.newBuilder(URI.create(mgmt + "announce"))
          .header("Authorization", "Bearer " + one.managementToken())
          .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"s\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertError(noBody, 400, "body");
    } finally {
      carol.disconnect();
    }
  }

  /** The message of the day {@code node}'s API answers (its own cache), or null on 404. */
  private static String motdOn(InProcessNode node) throws Exception {
    HttpResponse<String> r = call(node, "GET", "/admin/motd", admin, null, null);
    if (r.statusCode() == 404) {
      return null;
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).path("text").asText();
  }

  /**
   * XEP-0133 set-motd/edit-motd/delete-motd as {@code /admin/motd}: set through the first node, the
   * second node's cache (which had read "none" just before) is told on the cluster topic within
   * 10 s, less than motd-cache-ttl (30 s), and a login there gets the text; the text is deleted
   * at the end, since other classes on the cluster assert logins without one.
   */
  @Test
  void motd_setOnOneNode_readAndReceivedOnTheOther_deleted() throws Exception {
    Duration change = Duration.ofSeconds(10);
    String text = "Maintenance at 22:00\n-- ops (api)";
    try {
      assertError(call("GET", "/admin/motd", null), 404, null);
      assertThat(motdOn(two)).as("the second node's cache now holds 'none'").isNull();
      assertThat(call("PUT", "/admin/motd", "{\"text\":" + JSON.writeValueAsString(text) + "}").statusCode())
          .isEqualTo(204);
      assertThat(motdOn(one)).isEqualTo(text);
      Await.until("the second node's cache told of the new text", change, () -> {
        try {
          return text.equals(motdOn(two));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      XMPPTCPConnection c = new XMPPTCPConnection(
          SmackClients.config(two, "api-motd", "api-motd-pw").setResource("phone").build());
      BlockingQueue<Message> got = new LinkedBlockingQueue<>();
      c.addAsyncStanzaListener(st -> got.add((Message) st), StanzaTypeFilter.MESSAGE);
      try {
        c.connect().login();
        Message m = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("the message of the day at login").isNotNull();
        assertThat(m.getType()).isEqualTo(Message.Type.headline);
        assertThat(m.getFrom().toString()).isEqualTo(one.domain());
        assertThat(m.getBody()).isEqualTo(text);
      } finally {
        c.disconnect();
      }

      assertError(call("PUT", "/admin/motd", "{\"text\":\" \"}"), 400, "text");
      assertError(call("PUT", "/admin/motd", "{\"motd\":\"x\"}"), 400, null);
      assertError(call("PUT", "/admin/motd", "{\"text\":\"" + "x".repeat(16_385) + "\"}"), 400, "text");
      assertError(call("PUT", "/admin/motd", admin, "text/plain", "x"), 415, "Content-Type");
      assertError(call("PUT", "/admin/motd", sender, "application/json", "{\"text\":\"x\"}"), 403, null);
      assertError(call("GET", "/admin/motd", sender, null, null), 403, null);
      assertError(call("DELETE", "/admin/motd", null, null, null), 401, null);
      assertError(call("POST", "/admin/motd", "{\"text\":\"x\"}"), 405, null);
      assertThat(motdOn(one)).as("unchanged by the refused requests").isEqualTo(text);

      assertThat(call("DELETE", "/admin/motd", null).statusCode()).isEqualTo(204);
      assertThat(motdOn(one)).isNull();
      Await.until("the second node's cache told of the deletion", change, () -> {
        try {
          return motdOn(two) == null;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(call("DELETE", "/admin/motd", null).statusCode()).as("none set").isEqualTo(204);
    } finally {
      call("DELETE", "/admin/motd", null);
    }
  }

  @Test
  void errors_401_403_400_415_405_asJson() throws Exception {
    assertError(call("GET", "/admin/sessions", null, null, null), 401, null);
    assertError(call("GET", "/admin/sessions", "sbt_not-a-real-token", null, null), 401, null);
    // A token without the scope admin.
    assertError(call("GET", "/admin/sessions", sender, null, null), 403, null);
    assertError(call("POST", "/admin/accounts", sender, "application/json",
        "{\"jid\":\"api-sneaky@localhost\",\"password\":\"x\"}"), 403, null);
    assertThat(SmackClients.canLogin(two, "api-sneaky", "x")).isFalse();

    // JIDs of another domain or not an account's; bodies that are not what the route takes.
    assertError(call("POST", "/admin/accounts", "{\"jid\":\"api-x@elsewhere.org\",\"password\":\"x\"}"), 400, "jid");
    assertError(call("POST", "/admin/accounts", "{\"jid\":\"localhost\",\"password\":\"x\"}"), 400, "jid");
    assertError(call("POST", "/admin/accounts", "{\"jid\":\"api-x@localhost\"}"), 400, "password");
    assertError(call("POST", "/admin/accounts", "{\"jid\":\"api-x@localhost\",\"password\":\"x\",\"admin\":1}"), 400,
        "admin");
    assertError(call("POST", "/admin/accounts", "{not json"), 400, null);
    assertError(call("DELETE", "/admin/accounts/api-bob@elsewhere.org", null), 400, "jid");
    assertError(call("DELETE", "/admin/sessions/api-bob@elsewhere.org/desk", null), 400, "jid");
    assertError(call("PUT", "/admin/accounts/api-carol@localhost/disabled", "{\"disabled\":\"yes\"}"), 400, "disabled");
    assertError(call("POST", "/admin/announce", "{\"subject\":\"no body\"}"), 400, "body");
    assertError(call("POST", "/admin/accounts", admin, "text/plain", "api-x@localhost"), 415, "Content-Type");
    assertError(call("POST", "/admin/announce", admin, "text/plain", "hello"), 415, "Content-Type");
    assertError(call("GET", "/admin/accounts", null), 405, null);
    assertError(call("DELETE", "/admin/announce", null), 405, null);
    assertThat(SmackClients.canLogin(two, "api-carol", "api-carol-pw")).as("nothing changed").isTrue();

    JsonNode doc = json(call("GET", "/openapi.json", null, null, null));
    for (String path : List.of("/admin/accounts", "/admin/accounts/{jid}", "/admin/accounts/{jid}/password",
        "/admin/accounts/{jid}/disabled", "/admin/sessions", "/admin/sessions/{jid}", "/admin/announce",
        "/admin/motd")) {
      assertThat(doc.path("paths").has(path)).as(path).isTrue();
    }
    assertThat(doc.path("paths").path("/admin/accounts/{jid}").has("get")).isTrue();
  }
}
