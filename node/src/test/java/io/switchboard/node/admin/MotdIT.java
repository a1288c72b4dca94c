package io.switchboard.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0133 message of the day end to end on the shared {@link TwoNodeCluster} (real Cassandra,
 * STARTTLS, Smack): the admin ({@code adm-root}, logged in to the first node) sets, edits and
 * deletes it with Smack's ad-hoc commands; users logging in to either node get it once per login
 * after their initial presence, never on an XEP-0198 resumption. Every negative (no message of the
 * day) is asserted after a marker message to the same resource has arrived. Users are this class's
 * own ({@code motd-*}); the text is deleted after each test, since other classes share the cluster.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class MotdIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Less than motd-cache-ttl (30 s): a node that never heard of a change fails the wait. */
  private static final Duration CHANGE = Duration.ofSeconds(10);
  private static final String ADMIN = "http://jabber.org/protocol/admin#";
  private static InProcessNode one;
  private static InProcessNode two;
  private static DomainBareJid domain;
  private static XMPPTCPConnection root;
  private final List<XMPPTCPConnection> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    // adm-root is switchboard.admins on the shared cluster (AdminCommandsIT may have created it).
    one.node().persistence().accounts().create(Jids.bare("adm-root@localhost"), "adm-root-pw")
        .toCompletableFuture().exceptionally(e -> null).join();
    for (String u : List.of("alice", "bob", "eve", "sam")) {
      one.node().persistence().accounts().create(Jids.bare("motd-" + u + "@localhost"), "motd-" + u + "-pw")
          .toCompletableFuture().join();
    }
    domain = JidCreate.domainBareFrom(one.domain());
    root = SmackClients.connect(one, "adm-root", "adm-root-pw", "motd-console");
  }

  @AfterAll
  static void stop() {
    if (root != null) {
      root.disconnect();
    }
  }

  @AfterEach
  void deleteTheMotdAndDisconnect() throws Exception {
    opened.forEach(XMPPTCPConnection::disconnect);
    command(root, "delete-motd").execute().asCompletedOrThrow();
  }

  private static AdHocCommand command(XMPPTCPConnection c, String name) {
    return AdHocCommandManager.getInstance(c).getRemoteCommand(domain, ADMIN + name);
  }

  /** set-motd or edit-motd: execute, fill {@code motd} with {@code lines}, complete. */
  private static void setMotd(String command, List<String> lines) throws Exception {
    AdHocCommand cmd = command(root, command);
    FillableForm form = cmd.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("motd", lines);
    cmd.complete(form.getSubmitForm()).asCompletedOrThrow();
  }

  /** A client that collects every message, logged in (initial presence sent) to {@code node}. */
  private record Client(XMPPTCPConnection connection, BlockingQueue<Message> messages) {
    /** Waits for the next message; fails when none arrives. */
    Message next() throws InterruptedException {
      Message m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("a message within " + WAIT).isNotNull();
      return m;
    }

    /**
     * The messages of the day it received before a marker message sent to it now, by the admin,
     * arrives (the marker proves that what was under way for this resource has been delivered).
     */
    List<String> motdsBeforeMarker() throws Exception {
      String marker = "marker-" + System.nanoTime();
      root.sendStanza(root.getStanzaFactory().buildMessageStanza().to(connection.getUser()).setBody(marker).build());
      List<String> motds = new ArrayList<>();
      while (true) {
        Message m = next();
        if (marker.equals(m.getBody())) {
          return motds;
        }
        if (isMotd(m)) {
          motds.add(m.getBody());
        }
      }
    }
  }

  private static boolean isMotd(Message m) {
    return m.getFrom() != null && m.getFrom().toString().equals(domain.toString()) && m.getType() == Message.Type.headline;
  }

  private Client login(InProcessNode node, String user, String resource, boolean resumable) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(
        SmackClients.config(node, "motd-" + user, "motd-" + user + "-pw").setResource(resource).build());
    if (resumable) {
      c.setUseStreamManagement(true);
      c.setUseStreamManagementResumption(true);
    }
    BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    c.addAsyncStanzaListener(s -> messages.add((Message) s), StanzaTypeFilter.MESSAGE);
    opened.add(c);
    c.connect().login();
    return new Client(c, messages);
  }

  /** The first message the client gets, which must be the message of the day. */
  private static String motd(Client c) throws InterruptedException {
    Message m = c.next();
    assertThat(isMotd(m)).as("a headline from " + domain + ": " + m.toXML()).isTrue();
    return m.getBody();
  }

  /**
   * Logs {@code user} in to {@code node} with a fresh resource until that login gets
   * {@code expected} (null: none), within {@link #CHANGE}: a change made on one node reaches the
   * other's cache through a cluster topic, a moment after the admin's command completed. A node
   * that missed it would serve the old text for {@code motd-cache-ttl} (30 s), longer than that.
   */
  private void awaitLoginGets(InProcessNode node, String user, String expected) throws Exception {
    Await.until(user + "'s login on node " + (node == one ? 1 : 2) + " gets " + expected, CHANGE, () -> {
      try {
        Client c = login(node, user, "try-" + System.nanoTime(), false);
        try {
          List<String> got = c.motdsBeforeMarker();
          return expected == null ? got.isEmpty() : got.equals(List.of(expected));
        } finally {
          c.connection().disconnect();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void setOnOneNode_loginOnTheOther_getsItOncePerLogin_editShowsAndChangesIt_deleteStopsIt() throws Exception {
    setMotd("set-motd", List.of("Maintenance tonight at 22:00", "-- ops"));

    // On the other node than the admin's: once, after initial presence, from the domain.
    Client alice = login(two, "alice", "phone", false);
    assertThat(motd(alice)).isEqualTo("Maintenance tonight at 22:00\n-- ops");
    alice.connection().sendStanza(alice.connection().getStanzaFactory().buildPresenceStanza()
        .ofType(Presence.Type.available).setStatus("busy").build());
    assertThat(alice.motdsBeforeMarker()).as("a presence update is no login").isEmpty();
    // Another login (another resource, the first node) gets it too.
    Client aliceDesk = login(one, "alice", "desk", false);
    assertThat(motd(aliceDesk)).isEqualTo("Maintenance tonight at 22:00\n-- ops");
    assertThat(aliceDesk.motdsBeforeMarker()).isEmpty();

    // edit-motd's form holds the current text, one value per line.
    AdHocCommand edit = command(root, "edit-motd");
    AdHocCommandResult.StatusExecuting executing = edit.execute().asExecutingOrThrow();
    assertThat(executing.getResponse().getForm().getField("motd").getValuesAsString())
        .containsExactly("Maintenance tonight at 22:00", "-- ops");
    FillableForm form = executing.getFillableForm();
    form.setAnswer("motd", List.of("Maintenance moved to Friday"));
    edit.complete(form.getSubmitForm()).asCompletedOrThrow();
    // The new text at the next logins on both nodes. (The login hook reads the cache of the node
    // its account's entity lives on, which sharding picks: whether a node's cache held the old
    // text here is not controlled, so this does not prove the cluster topic on its own.)
    assertThat(motd(login(one, "bob", "desk", false))).isEqualTo("Maintenance moved to Friday");
    awaitLoginGets(two, "bob", "Maintenance moved to Friday");
    // Online when it changed: nothing now (only at the next login).
    assertThat(alice.motdsBeforeMarker()).isEmpty();

    AdHocCommandResult.StatusCompleted deleted = command(root, "delete-motd").execute().asCompletedOrThrow();
    assertThat(deleted.getResponse().getNotes()).extracting(n -> n.getValue()).containsExactly("message of the day deleted");
    assertThat(login(one, "sam", "desk", false).motdsBeforeMarker()).isEmpty();
    awaitLoginGets(two, "sam", null);
    // With none set, edit-motd's form is empty.
    AdHocCommandResult.StatusExecuting empty = command(root, "edit-motd").execute().asExecutingOrThrow();
    assertThat(empty.getResponse().getForm().getField("motd").getValuesAsString()).isEmpty();
  }

  @Test
  void resumption_isNoLogin_getsNoMotd() throws Exception {
    setMotd("set-motd", List.of("Welcome back"));
    Client alice = login(two, "alice", "resumable", true);
    assertThat(alice.connection().isSmEnabled()).isTrue();
    assertThat(motd(alice)).isEqualTo("Welcome back");

    alice.connection().instantShutdown(); // the socket drops, no </stream:stream>
    alice.connection().connect().login();
    assertThat(alice.connection().streamWasResumed()).as("XEP-0198 resumption").isTrue();
    assertThat(alice.motdsBeforeMarker()).isEmpty();
  }

  @Test
  void nonAdmin_isRefusedEveryMotdCommand_andSeesNone() throws Exception {
    XMPPTCPConnection eve = login(two, "eve", "laptop", false).connection();
    for (String name : List.of("set-motd", "edit-motd", "delete-motd")) {
      assertThatThrownBy(() -> command(eve, name).execute())
          .as(name)
          .isInstanceOfSatisfying(XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    }
    assertThat(AdHocCommandManager.getInstance(eve).discoverCommands(domain).getItems()).isEmpty();
    assertThat(AdHocCommandManager.getInstance(root).discoverCommands(domain).getItems())
        .extracting(DiscoverItems.Item::getNode)
        .contains(ADMIN + "set-motd", ADMIN + "edit-motd", ADMIN + "delete-motd");
    // An empty text is bad-request (bad-payload), and sets nothing.
    AdHocCommand set = command(root, "set-motd");
    FillableForm form = set.execute().asExecutingOrThrow().getFillableForm();
    form.setAnswer("motd", List.of(" "));
    assertThatThrownBy(() -> set.complete(form.getSubmitForm()))
        .isInstanceOfSatisfying(XMPPErrorException.class, e ->
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request));
    assertThat(command(root, "edit-motd").execute().asExecutingOrThrow().getResponse().getForm().getField("motd")
        .getValuesAsString()).isEmpty();
  }
}
