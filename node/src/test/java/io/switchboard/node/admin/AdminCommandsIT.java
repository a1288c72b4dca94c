package io.switchboard.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.commands.packet.AdHocCommandData;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0133 over XEP-0050 end to end on the shared {@link TwoNodeCluster} (real Cassandra,
 * STARTTLS, {@code switchboard.admins = adm-root@localhost}): Smack's {@link AdHocCommandManager}
 * runs the commands as the admin, logged in to the first node, and the effects are checked with
 * further real clients on both nodes; a non-admin is refused. Users are this class's own
 * ({@code adm-*}); other classes' users may be online too.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class AdminCommandsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ADMIN = "http://jabber.org/protocol/admin#";
  private static InProcessNode one;
  private static InProcessNode two;
  private static DomainBareJid domain;
  private static XMPPTCPConnection root;

  @BeforeAll
  static void start() throws Exception {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    // adm-root is switchboard.admins on the shared cluster: ActiveUsersWelcomeIT and MotdIT, which
    // may run first in the same JVM, create it too.
    one.node().persistence().accounts().create(Jids.bare("adm-root@localhost"), "adm-root-pw")
        .toCompletableFuture().exceptionally(e -> null).join();
    for (String u : List.of("eve", "bob", "carol", "dave", "frank", "gina", "hank", "ivy")) {
      one.node().persistence().accounts().create(Jids.bare("adm-" + u + "@localhost"), "adm-" + u + "-pw")
          .toCompletableFuture().join();
    }
    domain = JidCreate.domainBareFrom(one.domain());
    root = login(one, "root", "console");
  }

  @AfterAll
  static void stop() {
    if (root != null) {
      root.disconnect();
    }
  }

  /** {@code adm-<user>} logged in to {@code node}. */
  private static XMPPTCPConnection login(InProcessNode node, String user, String resource) throws Exception {
    return SmackClients.connect(node, "adm-" + user, "adm-" + user + "-pw", resource);
  }

  private static AdHocCommand command(XMPPTCPConnection c, String name) {
    return AdHocCommandManager.getInstance(c).getRemoteCommand(domain, ADMIN + name);
  }

  /** Runs a one-form command: execute, fill the form with {@code answers}, complete. */
  private static AdHocCommandResult.StatusCompleted run(String name, Map<String, Object> answers) throws Exception {
    AdHocCommand cmd = command(root, name);
    FillableForm form = cmd.execute().asExecutingOrThrow().getFillableForm();
    for (Map.Entry<String, Object> a : answers.entrySet()) {
      if (a.getValue() instanceof List<?> l) {
        form.setAnswer(a.getKey(), l.stream().map(String::valueOf).toList());
      } else {
        form.setAnswer(a.getKey(), (CharSequence) a.getValue());
      }
    }
    return cmd.complete(form.getSubmitForm()).asCompletedOrThrow();
  }

  private static List<String> onlineUsers() throws Exception {
    return run("get-online-users-list", Map.of("max_items", "none")).getResponse().getForm().getField("onlineuserjids")
        .getValuesAsString();
  }

  @Test
  void commands_areAnnouncedAndListedForAdminsOnly() throws Exception {
    assertThat(ServiceDiscoveryManager.getInstanceFor(root).supportsFeature(domain, AdHocCommandManager.NAMESPACE))
        .isTrue();
    DiscoverItems items = AdHocCommandManager.getInstance(root).discoverCommands(domain);
    assertThat(items.getItems()).extracting(DiscoverItems.Item::getNode).contains(ADMIN + "add-user",
        ADMIN + "delete-user", ADMIN + "change-user-password", ADMIN + "end-user-session",
        ADMIN + "get-online-users-num", ADMIN + "get-online-users-list", ADMIN + "announce",
        ADMIN + "disable-user", ADMIN + "reenable-user", ADMIN + "get-registered-users-num",
        ADMIN + "get-registered-users-list", ADMIN + "get-disabled-users-num", ADMIN + "get-disabled-users-list",
        ADMIN + "get-user-roster", ADMIN + "user-stats", ADMIN + "get-user-lastlogin");
    // get-user-password is not offered: only SCRAM keys are stored.
    assertThat(items.getItems()).extracting(DiscoverItems.Item::getNode).doesNotContain(ADMIN + "get-user-password");
    DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(root).discoverInfo(domain, ADMIN + "announce");
    assertThat(info.getIdentities()).extracting(DiscoverInfo.Identity::getCategory, DiscoverInfo.Identity::getType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("automation", "command-node"));
    assertThat(info.containsFeature("jabber:x:data")).isTrue();

    XMPPTCPConnection eve = login(two, "eve", "laptop");
    try {
      assertThatThrownBy(() -> ServiceDiscoveryManager.getInstanceFor(eve).discoverInfo(domain, ADMIN + "announce"))
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
      assertThat(AdHocCommandManager.getInstance(eve).discoverCommands(domain).getItems()).isEmpty();
      assertThatThrownBy(() -> command(eve, "add-user").execute())
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
      assertThatThrownBy(() -> command(eve, "get-registered-users-num").execute())
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
      assertThatThrownBy(() -> command(eve, "get-user-roster").execute())
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
      assertThatThrownBy(() -> command(eve, "get-online-users-num").execute())
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
      assertThatThrownBy(() -> command(eve, "get-user-lastlogin").execute())
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    } finally {
      eve.disconnect();
    }
  }

  @Test
  void unknownCommandAndCanceledSession() throws Exception {
    assertThatThrownBy(() -> command(root, "reboot-the-world").execute())
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    AdHocCommand cmd = command(root, "add-user");
    AdHocCommandResult.StatusExecuting executing = cmd.execute().asExecutingOrThrow();
    FillableForm form = executing.getFillableForm();
    form.setAnswer("accountjid", "adm-never@localhost");
    form.setAnswer("password", "never-pw");
    form.setAnswer("password-verify", "never-pw");
    // XEP-0050 §3.5: the answer to cancel is status canceled. Smack 4.5.0-beta5's cancel() cannot
    // read that status (AdHocCommandResult.from throws IllegalArgumentException), so the cancel
    // goes as Smack's own command packet.
    AdHocCommandData cancel = AdHocCommandData.builder(ADMIN + "add-user", root).ofType(IQ.Type.set).to(domain)
        .setAction(AdHocCommandData.Action.cancel).setSessionId(executing.getResponse().getSessionId()).build();
    AdHocCommandData canceled = root.sendIqRequestAndWaitForResponse(cancel);
    assertThat(canceled.getStatus()).isEqualTo(AdHocCommandData.Status.canceled);
    // The canceled session is gone: completing it now is bad-request (bad-sessionid), and nothing was added.
    assertThatThrownBy(() -> cmd.complete(form.getSubmitForm()))
        .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
          assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request);
          assertThat((Object) e.getStanzaError().getExtension("bad-sessionid", AdHocCommandManager.NAMESPACE)).isNotNull();
        });
    assertThat(SmackClients.canLogin(two, "adm-never", "never-pw")).isFalse();
  }

  @Test
  void addChangePasswordDelete_takeEffectOnLogin() throws Exception {
    run("add-user", Map.of("accountjid", "adm-newbie@localhost", "password", "first-pw", "password-verify", "first-pw"));
    assertThat(SmackClients.canLogin(two, "adm-newbie", "first-pw")).isTrue();
    assertThatThrownBy(() -> run("add-user", Map.of("accountjid", "adm-newbie@localhost", "password", "x",
        "password-verify", "x")))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));

    run("change-user-password", Map.of("accountjid", "adm-newbie@localhost", "password", "second-pw"));
    assertThat(SmackClients.canLogin(two, "adm-newbie", "first-pw")).isFalse();
    assertThat(SmackClients.canLogin(two, "adm-newbie", "second-pw")).isTrue();

    XMPPTCPConnection dave = login(two, "dave", "phone");
    run("delete-user", Map.of("accountjids", List.of("adm-newbie@localhost", "adm-dave@localhost")));
    assertThat(SmackClients.canLogin(two, "adm-newbie", "second-pw")).isFalse();
    assertThat(SmackClients.canLogin(two, "adm-dave", "adm-dave-pw")).isFalse();
    // The deleted account's open stream is closed by its entity (the XEP-0077 removal path).
    Await.until("dave's stream closed", WAIT, () -> !dave.isConnected());
  }

  @Test
  void disableUser_endsItsStreamAndRefusesLogins_reenableLetsItBackIn() throws Exception {
    XMPPTCPConnection frank = login(two, "frank", "tablet");
    try {
      AdHocCommandResult.StatusCompleted disabled = run("disable-user", Map.of("accountjids", List.of("adm-frank@localhost")));
      assertThat(disabled.getResponse().getNotes().get(0).getValue()).contains("disabled adm-frank@localhost")
          .contains("ended 1 session");
      Await.until("frank's stream closed", WAIT, () -> !frank.isConnected());
      XMPPTCPConnection again = new XMPPTCPConnection(
          SmackClients.config(one, "adm-frank", "adm-frank-pw").setResource("probe").build());
      try {
        again.connect();
        // The right password of a disabled account: RFC 6120 §6.5.1's condition, as Smack reads it.
        assertThatThrownBy(again::login).isInstanceOfSatisfying(SASLErrorException.class, e ->
            assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("account-disabled"));
      } finally {
        again.disconnect();
      }
      run("reenable-user", Map.of("accountjids", List.of("adm-frank@localhost")));
      assertThat(SmackClients.canLogin(two, "adm-frank", "adm-frank-pw")).isTrue();
      assertThatThrownBy(() -> run("disable-user", Map.of("accountjids", List.of("adm-nobody@localhost"))))
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    } finally {
      frank.disconnect();
    }
  }

  @Test
  void onlineUsersAnnounceAndEndSession_reachOtherClients() throws Exception {
    XMPPTCPConnection bob = login(two, "bob", "desk");
    XMPPTCPConnection carol = login(one, "carol", "phone");
    try {
      BlockingQueue<Message> carolGot = new LinkedBlockingQueue<>();
      carol.addAsyncStanzaListener(s -> carolGot.add((Message) s), StanzaTypeFilter.MESSAGE);

      Await.until("bob and carol listed online", WAIT, () -> {
        try {
          return onlineUsers().containsAll(List.of("adm-bob@localhost", "adm-carol@localhost", "adm-root@localhost"));
        } catch (Exception e) {
          return false;
        }
      });
      // Both nodes' agents answered (else a warn note says the list is incomplete); bob is on the second node.
      assertThat(run("get-online-users-list", Map.of("max_items", "none")).getResponse().getNotes()).isEmpty();
      AdHocCommandResult.StatusCompleted num = command(root, "get-online-users-num").execute().asCompletedOrThrow();
      assertThat(Integer.parseInt(num.getResponse().getForm().getField("onlineusersnum").getFirstValue())).isGreaterThanOrEqualTo(3);

      run("announce", Map.of("subject", "Maintenance", "announcement", "Restart at 03:00"));
      Message m = carolGot.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("Restart at 03:00");
      assertThat(m.getSubject()).isEqualTo("Maintenance");
      assertThat(m.getFrom().toString()).isEqualTo(domain.toString());

      AdHocCommandResult.StatusCompleted ended = run("end-user-session", Map.of("accountjids", List.of("adm-bob@localhost")));
      assertThat(ended.getResponse().getNotes().get(0).getValue()).contains("ended 1 session");
      Await.until("bob's stream closed", WAIT, () -> !bob.isConnected());
      assertThat(onlineUsers()).doesNotContain("adm-bob@localhost").contains("adm-carol@localhost");
      assertThat(carol.isConnected()).isTrue();
    } finally {
      bob.disconnect();
      carol.disconnect();
    }
  }

  private static List<String> listed(String command, String field) throws Exception {
    return run(command, Map.of("max_items", "none")).getResponse().getForm().getField(field).getValuesAsString();
  }

  private static int counted(String command, String field) throws Exception {
    return Integer.parseInt(command(root, command).execute().asCompletedOrThrow().getResponse().getForm()
        .getField(field).getFirstValue());
  }

  @Test
  void registeredAndDisabledUsers_countsAndListsAgree() throws Exception {
    AdHocCommandResult.StatusCompleted all = run("get-registered-users-list", Map.of("max_items", "none"));
    List<String> registered = all.getResponse().getForm().getField("registereduserjids").getValuesAsString();
    assertThat(registered).contains("adm-root@localhost", "adm-gina@localhost", "adm-hank@localhost")
        .isSorted();
    if (all.getResponse().getNotes().isEmpty()) {
      // Every account listed (no "there are more" note): the count is the list's length.
      assertThat(counted("get-registered-users-num", "registeredusersnum")).isEqualTo(registered.size());
    }

    run("disable-user", Map.of("accountjids", List.of("adm-gina@localhost")));
    try {
      List<String> disabled = listed("get-disabled-users-list", "disableduserjids");
      assertThat(disabled).contains("adm-gina@localhost").doesNotContain("adm-hank@localhost");
      assertThat(counted("get-disabled-users-num", "disabledusersnum")).isEqualTo(disabled.size());
    } finally {
      run("reenable-user", Map.of("accountjids", List.of("adm-gina@localhost")));
    }
    assertThat(listed("get-disabled-users-list", "disableduserjids")).doesNotContain("adm-gina@localhost");
  }

  @Test
  void userRosterAndStats_showTheAccountsItemsAndResources() throws Exception {
    XMPPTCPConnection hank = login(two, "hank", "stats");
    try {
      Roster.getInstanceFor(hank).createItem(JidCreate.entityBareFrom("adm-eve@localhost"), "Eve",
          new String[] {"Friends"});

      AdHocCommandResult.StatusCompleted roster = run("get-user-roster", Map.of("accountjid", "adm-hank@localhost"));
      org.jivesoftware.smackx.xdata.packet.DataForm form = roster.getResponse().getForm();
      assertThat(form.getField("accountjid").getFirstValue()).isEqualTo("adm-hank@localhost");
      RosterPacket query = form.getExtensionElements().stream().filter(RosterPacket.class::isInstance)
          .map(RosterPacket.class::cast).findFirst().orElseThrow();
      assertThat(query.getRosterItems()).singleElement().satisfies(i -> {
        assertThat(i.getJid().toString()).isEqualTo("adm-eve@localhost");
        assertThat(i.getName()).isEqualTo("Eve");
        assertThat(i.getItemType()).isEqualTo(RosterPacket.ItemType.none);
        assertThat(i.getGroupNames()).containsExactly("Friends");
      });

      AdHocCommandResult.StatusCompleted stats = run("user-stats", Map.of("accountjid", "adm-hank@localhost"));
      assertThat(stats.getResponse().getForm().getField("rostersize").getFirstValue()).isEqualTo("1");
      assertThat(stats.getResponse().getForm().getField("onlineresources").getValuesAsString())
          .containsExactly("adm-hank@localhost/stats");
    } finally {
      hank.disconnect();
    }
    assertThatThrownBy(() -> run("get-user-roster", Map.of("accountjid", "adm-nobody@localhost")))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    assertThatThrownBy(() -> run("user-stats", Map.of("accountjid", "adm-hank@elsewhere.example")))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request));
    // XEP-0133 get-user-password: not offered, and refused when asked (only SCRAM keys are stored).
    assertThatThrownBy(() -> command(root, "get-user-password").execute())
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
  }

  @Test
  void userLastLogin_isTheTimeOfTheLatestBind_keptAfterLogout() throws Exception {
    AdHocCommandResult.StatusCompleted never = run("get-user-lastlogin", Map.of("accountjid", "adm-ivy@localhost"));
    assertThat(never.getResponse().getForm().getField("accountjid").getFirstValue()).isEqualTo("adm-ivy@localhost");
    assertThat(never.getResponse().getForm().getField("lastlogin").getValuesAsString()).isEmpty();
    assertThat(never.getResponse().getNotes()).extracting(n -> n.getValue()).containsExactly("no login recorded");

    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    XMPPTCPConnection ivy = login(two, "ivy", "first"); // on the other node than the admin
    Instant after = Instant.now();
    ivy.disconnect();
    Await.until("ivy offline", WAIT, () -> {
      try {
        return !onlineUsers().contains("adm-ivy@localhost");
      } catch (Exception e) {
        return false;
      }
    });
    // The logout does not change it; the value is an XEP-0082 DateTime in UTC, to the second.
    String value = run("get-user-lastlogin", Map.of("accountjid", "adm-ivy@localhost")).getResponse().getForm()
        .getField("lastlogin").getFirstValue();
    assertThat(value).endsWith("Z");
    Instant first = Instant.parse(value);
    assertThat(first).isBetween(before, after);

    // The value is to the second: the next login is in a later one.
    Await.until("a later second", WAIT, () -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(first));
    Instant before2 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    XMPPTCPConnection again = login(one, "ivy", "second");
    Instant after2 = Instant.now();
    try {
      Instant second = Instant.parse(run("get-user-lastlogin", Map.of("accountjid", "adm-ivy@localhost"))
          .getResponse().getForm().getField("lastlogin").getFirstValue());
      assertThat(second).isBetween(before2, after2).isAfter(first);
    } finally {
      again.disconnect();
    }

    assertThatThrownBy(() -> run("get-user-lastlogin", Map.of("accountjid", "adm-nobody@localhost")))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    assertThatThrownBy(() -> run("get-user-lastlogin", Map.of("accountjid", "adm-ivy@elsewhere.example")))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request));
  }
}
