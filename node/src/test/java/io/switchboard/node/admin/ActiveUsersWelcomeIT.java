package io.switchboard.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.account.AccountExistsException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.SubmitForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The XEP-0133 commands added after {@link AdminCommandsIT}, end to end on the shared
 * {@link TwoNodeCluster} with Smack's {@link AdHocCommandManager} (admin {@code adm-root},
 * logged in to the first node) and the admin HTTP API on the first node: active and idle users
 * across both nodes, the welcome message a new account finds at its first login (created by
 * add-user and by {@code POST /admin/accounts}), and the commands answered
 * {@code feature-not-implemented}. Users are this class's own ({@code awi-*}).
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class ActiveUsersWelcomeIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String FORM_TYPE = "http://jabber.org/protocol/admin";
  private static final String ADMIN = FORM_TYPE + "#";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static InProcessNode one;
  private static InProcessNode two;
  private static DomainBareJid domain;
  private static XMPPTCPConnection root;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    create("adm-root", "adm-root-pw"); // the cluster's admin; AdminCommandsIT may have made it already
    for (String u : List.of("amy", "ben", "cal", "dan")) {
      create("awi-" + u, "awi-" + u + "-pw");
    }
    domain = JidCreate.domainBareFrom(one.domain());
    root = SmackClients.connect(one, "adm-root", "adm-root-pw", "awi-console");
    var p = one.node().persistence();
    token = TokenStore.cassandra(p.session(), p.settings(), Clock.systemUTC())
        .create("active-welcome-it", Set.of("admin")).toCompletableFuture().join().secret();
  }

  @AfterAll
  static void stop() throws Exception {
    if (root != null) {
      root.disconnect();
    }
  }

  private static void create(String user, String password) {
    try {
      one.node().persistence().accounts().create(Jids.bare(user + "@localhost"), password).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof AccountExistsException)) {
        throw e;
      }
    }
  }

  private static XMPPTCPConnection login(InProcessNode node, String user) throws Exception {
    return SmackClients.connect(node, "awi-" + user, "awi-" + user + "-pw", "r");
  }

  private static AdHocCommand command(XMPPTCPConnection c, String name) {
    return AdHocCommandManager.getInstance(c).getRemoteCommand(domain, ADMIN + name);
  }

  private static AdHocCommandResult.StatusCompleted run(String name, String var, List<String> values) throws Exception {
    AdHocCommand cmd = command(root, name);
    FillableForm form = cmd.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer(var, values);
    return cmd.complete(form.getSubmitForm()).asCompletedOrThrow();
  }

  private static List<String> list(String name, String var) throws Exception {
    AdHocCommand cmd = command(root, name);
    FillableForm form = cmd.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("max_items", "none");
    return cmd.complete(form.getSubmitForm()).asCompletedOrThrow().getResponse().getForm().getField(var)
        .getValuesAsString();
  }

  /** The list, or null when a command failed (the wait tries again). */
  private static List<String> listOrNull(String name, String var) {
    try {
      return list(name, var);
    } catch (Exception e) {
      return null;
    }
  }

  private static int count(String name, String var) throws Exception {
    return Integer.parseInt(command(root, name).execute().asCompletedOrThrow().getResponse().getForm()
        .getField(var).getFirstValue());
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + one.httpPort() + "/api/v1" + path))
        .timeout(WAIT).header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> restUsers(String which) throws Exception {
    HttpResponse<String> r = call("GET", "/admin/users/" + which, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(r.body());
    List<String> out = new ArrayList<>();
    json.path("users").forEach(n -> out.add(n.asText()));
    assertThat(json.path("count").asInt()).isEqualTo(out.size());
    return out;
  }

  private static void show(XMPPTCPConnection c, Presence.Mode mode) throws Exception {
    c.sendStanza(c.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).setMode(mode).build());
  }

  private static void assertCondition(Throwable t, StanzaError.Condition condition) {
    assertThat(t).isInstanceOf(XMPPErrorException.class);
    assertThat(((XMPPErrorException) t).getStanzaError().getCondition()).isEqualTo(condition);
  }

  @Test
  void activeAndIdle_splitTheClustersOnlineUsersByPresence() throws Exception {
    XMPPTCPConnection amy = login(one, "amy"); // available, no <show/>: active
    XMPPTCPConnection ben = login(two, "ben"); // away on the other node: idle
    XMPPTCPConnection cal = login(two, "cal"); // available (dnd) on the other node: active
    try {
      show(ben, Presence.Mode.away);
      show(cal, Presence.Mode.dnd);
      Await.until("amy and cal active, ben idle", WAIT, () -> {
        List<String> active = listOrNull("get-active-users", "activeuserjids");
        List<String> idle = listOrNull("get-idle-users", "idleuserjids");
        return active != null && idle != null && active.containsAll(List.of("awi-amy@localhost", "awi-cal@localhost"))
            && !active.contains("awi-ben@localhost") && idle.contains("awi-ben@localhost")
            && !idle.contains("awi-amy@localhost") && !idle.contains("awi-cal@localhost");
      });
      assertThat(restUsers("active")).contains("awi-amy@localhost", "awi-cal@localhost")
          .doesNotContain("awi-ben@localhost");
      assertThat(restUsers("idle")).contains("awi-ben@localhost").doesNotContain("awi-amy@localhost");
      assertThat(count("get-active-users-num", "activeusersnum")).isGreaterThanOrEqualTo(2);
      assertThat(count("get-idle-users-num", "idleusersnum")).isGreaterThanOrEqualTo(1);

      // amy goes extended away, ben comes back: they swap.
      show(amy, Presence.Mode.xa);
      show(ben, Presence.Mode.available);
      Await.until("ben active, amy idle", WAIT, () -> {
        List<String> active = listOrNull("get-active-users", "activeuserjids");
        List<String> idle = listOrNull("get-idle-users", "idleuserjids");
        return active != null && idle != null && active.contains("awi-ben@localhost") && !active.contains("awi-amy@localhost")
            && idle.contains("awi-amy@localhost") && !idle.contains("awi-ben@localhost");
      });
      assertThat(restUsers("idle")).contains("awi-amy@localhost").doesNotContain("awi-ben@localhost");

      // Only admins: amy is refused every new command.
      for (String name : List.of("get-active-users-num", "get-active-users", "get-idle-users-num", "get-idle-users",
          "set-welcome", "delete-welcome", "edit-admin", "restart", "shutdown")) {
        assertThatThrownBy(() -> command(amy, name).execute())
            .satisfies(t -> assertCondition(t, StanzaError.Condition.forbidden));
      }
      // A max_items that is not a number: bad-request with XEP-0050's bad-payload.
      AdHocCommand cmd = command(root, "get-active-users");
      cmd.execute().asExecutingOrThrow();
      SubmitForm bad = new SubmitForm(DataForm.builder(DataForm.Type.submit).setFormType(FORM_TYPE)
          .addField(FormField.textSingleBuilder("max_items").setValue("lots").build()).build());
      assertThatThrownBy(() -> cmd.complete(bad)).satisfies(t -> {
        assertCondition(t, StanzaError.Condition.bad_request);
        assertThat((Object) ((XMPPErrorException) t).getStanzaError()
            .getExtension("bad-payload", AdHocCommandManager.NAMESPACE)).isNotNull();
      });
    } finally {
      amy.disconnect();
      ben.disconnect();
      cal.disconnect();
    }
  }

  /**
   * Logs {@code user} in to {@code node} and returns the bodies of the domain's normal messages
   * that arrived before a marker sent after the login, and, when {@code expect} is not null,
   * after it until one with that body arrived (the welcome is routed before the account's
   * creation is answered, but the marker takes another path through the cluster).
   */
  private static List<String> welcomesAtFirstLogin(InProcessNode node, String user, String password, String expect)
      throws Exception {
    BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.config(node, user, password).setResource("first").build());
    c.addAsyncStanzaListener(s -> messages.add((Message) s), StanzaTypeFilter.MESSAGE);
    c.connect().login();
    try {
      String marker = "marker-" + System.nanoTime();
      root.sendStanza(root.getStanzaFactory().buildMessageStanza().to(c.getUser()).setBody(marker).build());
      List<String> welcomes = new ArrayList<>();
      boolean seenMarker = false;
      while (true) {
        Message m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("a message within " + WAIT).isNotNull();
        boolean welcome = m.getFrom() != null && m.getFrom().equals(domain) && m.getType() == Message.Type.normal;
        if (welcome) {
          welcomes.add(m.getBody());
        }
        if (marker.equals(m.getBody())) {
          seenMarker = true;
        }
        if (seenMarker && (expect == null || welcomes.contains(expect))) {
          return welcomes;
        }
      }
    } finally {
      c.disconnect();
    }
  }

  @Test
  void welcome_isStoredForNewAccounts_fromAddUserAndTheApi_untilDeleted() throws Exception {
    String text = "Welcome to Switchboard!\nRead the FAQ at https://example.org/faq";
    run("set-welcome", "welcome", List.of(text.split("\n")));
    // set-welcome's form shows the text now set (XEP-0133 §4.27's example).
    assertThat(command(root, "set-welcome").execute().asExecutingOrThrow().getFillableForm().getField("welcome")
        .getValuesAsString()).containsExactly(text.split("\n"));
    HttpResponse<String> read = call("GET", "/admin/welcome", null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).path("text").asText()).isEqualTo(text);

    // add-user on the first node: the new account's first login, on the second node, finds it.
    String u1 = "awi-new1-" + System.nanoTime();
    AdHocCommand add = command(root, "add-user");
    FillableForm f = add.execute().asExecutingOrThrow().getFillableForm();
    f.setAnswer("accountjid", u1 + "@localhost");
    f.setAnswer("password", "new-pw");
    f.setAnswer("password-verify", "new-pw");
    add.complete(f.getSubmitForm()).asCompletedOrThrow();
    assertThat(welcomesAtFirstLogin(two, u1, "new-pw", text)).containsExactly(text);
    // Only once: the next login finds none.
    assertThat(welcomesAtFirstLogin(one, u1, "new-pw", null)).isEmpty();

    // The API: the text replaced, then an account created through POST /admin/accounts.
    assertThat(call("PUT", "/admin/welcome", "{\"text\":\"Hello from the API\"}").statusCode()).isEqualTo(204);
    assertThat(call("PUT", "/admin/welcome", "{\"text\":\" \"}").statusCode()).isEqualTo(400);
    assertThat(call("PUT", "/admin/welcome", "{\"body\":\"x\"}").statusCode()).isEqualTo(400);
    String u2 = "awi-new2-" + System.nanoTime();
    assertThat(call("POST", "/admin/accounts", "{\"jid\":\"" + u2 + "@localhost\",\"password\":\"new-pw\"}")
        .statusCode()).isEqualTo(201);
    assertThat(welcomesAtFirstLogin(one, u2, "new-pw", "Hello from the API")).containsExactly("Hello from the API");

    // A set-welcome form without text: bad-request + bad-payload, the text unchanged.
    AdHocCommand set = command(root, "set-welcome");
    set.execute().asExecutingOrThrow();
    SubmitForm empty = new SubmitForm(DataForm.builder(DataForm.Type.submit).setFormType(FORM_TYPE).build());
    assertThatThrownBy(() -> set.complete(empty)).satisfies(t -> {
      assertCondition(t, StanzaError.Condition.bad_request);
      assertThat((Object) ((XMPPErrorException) t).getStanzaError()
          .getExtension("bad-payload", AdHocCommandManager.NAMESPACE)).isNotNull();
    });

    // delete-welcome completes at once; the next new account gets nothing.
    command(root, "delete-welcome").execute().asCompletedOrThrow();
    assertThat(call("GET", "/admin/welcome", null).statusCode()).isEqualTo(404);
    String u3 = "awi-new3-" + System.nanoTime();
    assertThat(call("POST", "/admin/accounts", "{\"jid\":\"" + u3 + "@localhost\",\"password\":\"new-pw\"}")
        .statusCode()).isEqualTo(201);
    assertThat(welcomesAtFirstLogin(two, u3, "new-pw", null)).isEmpty();
    assertThat(call("DELETE", "/admin/welcome", null).statusCode()).isEqualTo(204);
  }

  @Test
  void editAdminRestartShutdown_areNotImplemented_andNotListed() throws Exception {
    for (String name : List.of("edit-admin", "restart", "shutdown", "edit-blacklist", "edit-whitelist")) {
      assertThatThrownBy(() -> command(root, name).execute())
          .satisfies(t -> assertCondition(t, StanzaError.Condition.feature_not_implemented));
    }
    DiscoverItems items = AdHocCommandManager.getInstance(root).discoverCommands(domain);
    assertThat(items.getItems()).extracting(DiscoverItems.Item::getNode)
        .contains(ADMIN + "get-active-users-num", ADMIN + "get-active-users", ADMIN + "get-idle-users-num",
            ADMIN + "get-idle-users", ADMIN + "set-welcome", ADMIN + "delete-welcome")
        .doesNotContain(ADMIN + "edit-admin", ADMIN + "restart", ADMIN + "shutdown");
  }
}
