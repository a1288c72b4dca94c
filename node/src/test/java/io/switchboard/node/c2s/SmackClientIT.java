package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.RawNonza;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jxmpp.jid.parts.Localpart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

/**
 * End to end with a client we did not write: Smack over real STARTTLS against a real node with
 * the real embedded Cassandra. Every stanza travels connection → Router → sharded UserSession →
 * connection.
 */
@ExtendWith(CassandraExtension.class)
class SmackClientIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    // In-band registration is closed by default (#23 F2); the XEP-0077 test below needs it open.
    node = InProcessNode.start("smack_it", Map.of("switchboard.registration", "open"));
    for (String user : new String[] {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "henry", "jack"}) {
      node.node().persistence().accounts().create(bare(user), user + "-pw").toCompletableFuture().join();
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private static EntityBareJid bare(String user) {
    return Jids.bare(user + "@localhost");
  }

  private static XMPPTCPConnection login(String user) throws Exception {
    return SmackClients.connect(node, user, user + "-pw", "test");
  }

  /**
   * Smack 4.5 implements SCRAM-SHA-1 only (its SCRAM hard-codes SHA-1 for H()); SCRAM-SHA-256 and
   * -512 are proven with slixmpp in {@code SlixmppClientIT}.
   */
  @Test
  void login_scramSha1_and_plainOverTls() throws Exception {
    for (String mechanism : new String[] {"SCRAM-SHA-1", "PLAIN"}) {
      XMPPTCPConnection c = new XMPPTCPConnection(
          SmackClients.config(node, "alice", "alice-pw").addEnabledSaslMechanism(mechanism).setResource("m").build());
      try {
        c.connect().login();
        assertThat(c.isAuthenticated()).isTrue();
        assertThat(c.isSecureConnection()).isTrue();
        assertThat(c.getUsedSaslMechansism()).isEqualTo(mechanism);
        assertThat(c.getUser().toString()).isEqualTo("alice@localhost/m");
      } finally {
        c.disconnect();
      }
    }
  }

  @Test
  void login_wrongPassword_notAuthorized() throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(
        SmackClients.config(node, "alice", "wrong").addEnabledSaslMechanism("SCRAM-SHA-1").build());
    try {
      c.connect();
      assertThatThrownBy(c::login)
          .isInstanceOf(SASLErrorException.class)
          .satisfies(e -> assertThat(((SASLErrorException) e).getSASLFailure().getSASLErrorString())
              .isEqualTo("not-authorized"));
    } finally {
      c.disconnect();
    }
  }

  @Test
  void rosterAndPresence_fullSubscriptionHandshake_bothSeeEachOther() throws Exception {
    XMPPTCPConnection bob = login("bob");
    XMPPTCPConnection erin = login("erin");
    try {
      Roster bobRoster = Roster.getInstanceFor(bob);
      Roster erinRoster = Roster.getInstanceFor(erin);
      bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      erinRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      bobRoster.reloadAndWait();
      erinRoster.reloadAndWait();

      bobRoster.createItemAndRequestSubscription(bare("erin"), "Erin", null);
      awaitTrue(() -> {
        RosterEntry e = bobRoster.getEntry(bare("erin"));
        return e != null && e.getType() == RosterPacket.ItemType.to;
      });
      erinRoster.createItemAndRequestSubscription(bare("bob"), "Bob", null);
      awaitTrue(() -> entryType(bobRoster, "erin") == RosterPacket.ItemType.both
          && entryType(erinRoster, "bob") == RosterPacket.ItemType.both);
      awaitTrue(() -> bobRoster.getPresence(bare("erin")).isAvailable()
          && erinRoster.getPresence(bare("bob")).isAvailable());
      assertThat(bobRoster.getEntry(bare("erin")).getName()).isEqualTo("Erin");
    } finally {
      bob.disconnect();
      erin.disconnect();
    }
  }

  /**
   * Issue #16's proof that a trivial XEP is a package and a registration line: XEP-0202 entity
   * time and XEP-0012 last activity, asked by Smack's own managers.
   */
  @Test
  void entityTimeAndLastActivity_answeredByTheirModules() throws Exception {
    XMPPTCPConnection henry = login("henry");
    XMPPTCPConnection jack = login("jack");
    try {
      var domain = henry.getXMPPServiceDomain();
      var disco = ServiceDiscoveryManager.getInstanceFor(henry);
      assertThat(disco.serverSupportsFeature("urn:xmpp:time")).isTrue();
      assertThat(disco.serverSupportsFeature("jabber:iq:last")).isTrue();
      var time = EntityTimeManager.getInstanceFor(henry).getTime(domain);
      assertThat(time.getTzo()).isEqualTo("Z");
      assertThat(time.getUtc()).endsWith("Z");
      var last = LastActivityManager.getInstanceFor(henry);
      assertThat(last.getLastActivity(domain).getIdleTime()).as("server uptime").isGreaterThanOrEqualTo(0);

      // Jack may see Henry's presence; Henry goes offline; Jack asks his bare JID.
      Roster henryRoster = Roster.getInstanceFor(henry);
      Roster jackRoster = Roster.getInstanceFor(jack);
      henryRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      jackRoster.createItemAndRequestSubscription(bare("henry"), "Henry", null);
      awaitTrue(() -> entryType(jackRoster, "henry") == RosterPacket.ItemType.to);
      henry.disconnect();
      awaitTrue(() -> !jackRoster.getPresence(bare("henry")).isAvailable());
      // Smack's disconnect sends unavailable presence before it ends the stream, and jack may ask
      // in between: the account records the logout only when the resource is gone, and answers
      // item-not-found until then (no logout known yet). Asked again until it knows, briefly.
      var jackLast = LastActivityManager.getInstanceFor(jack);
      awaitTrue(() -> lastActivityKnown(jackLast, bare("henry")));
      assertThat(jackLast.getLastActivity(bare("henry")).getIdleTime()).isGreaterThanOrEqualTo(0);
      // A stranger may not know.
      XMPPTCPConnection carol = login("carol");
      try {
        assertThatThrownBy(() -> LastActivityManager.getInstanceFor(carol)
                .getLastActivity(bare("henry")))
            .isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
      } finally {
        carol.disconnect();
      }
    } finally {
      henry.disconnect();
      jack.disconnect();
    }
  }

  @Test
  void chat_bothWays() throws Exception {
    XMPPTCPConnection alice = login("alice");
    XMPPTCPConnection frank = login("frank");
    try {
      BlockingQueue<Message> atFrank = collect(frank);
      BlockingQueue<Message> atAlice = collect(alice);
      alice.sendStanza(chat(alice, frank.getUser().toString(), "hello frank"));
      frank.sendStanza(chat(frank, alice.getUser().toString(), "hello alice"));
      Message toFrank = atFrank.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      Message toAlice = atAlice.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(toFrank).isNotNull();
      assertThat(toFrank.getBody()).isEqualTo("hello frank");
      assertThat(toFrank.getFrom().toString()).isEqualTo("alice@localhost/test");
      assertThat(toAlice).isNotNull();
      assertThat(toAlice.getBody()).isEqualTo("hello alice");
    } finally {
      alice.disconnect();
      frank.disconnect();
    }
  }

  /**
   * After {@code io.switchboard.node.stream.Keepalive.PARSER_HIBERNATES_AFTER} without traffic, a stream's parser is
   * dropped between stanzas; the next stanza (with a namespace only the stream header declared in
   * scope) is parsed by a fresh one.
   */
  @Test
  void chat_afterBothStreamsWereQuietLongEnoughForTheirParsersToHibernate() throws Exception {
    XMPPTCPConnection alice = login("alice");
    XMPPTCPConnection grace = login("grace");
    try {
      BlockingQueue<Message> atGrace = collect(grace);
      Thread.sleep(io.switchboard.node.stream.Keepalive.PARSER_HIBERNATES_AFTER.plusSeconds(2).toMillis());
      alice.sendStanza(chat(alice, grace.getUser().toString(), "still there?"));
      Message got = atGrace.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.getBody()).isEqualTo("still there?");
      assertThat(got.getFrom().toString()).isEqualTo("alice@localhost/test");
    } finally {
      alice.disconnect();
      grace.disconnect();
    }
  }

  @Test
  void offlineMessage_deliveredAtNextLogin_withDelayStamp() throws Exception {
    XMPPTCPConnection alice = login("alice");
    try {
      alice.sendStanza(chat(alice, "carol@localhost", "while you were away"));
      // The message goes through carol's entity into Cassandra; give it a moment to land.
      Thread.sleep(1000);
    } finally {
      alice.disconnect();
    }
    XMPPTCPConnection carol = new XMPPTCPConnection(SmackClients.config(node, "carol", "carol-pw").setResource("later").build());
    BlockingQueue<Message> atCarol = collect(carol);
    try {
      carol.connect().login();
      Message m = atCarol.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("while you were away");
      DelayInformation delay = DelayInformation.from(m);
      assertThat(delay).as("XEP-0203 delay stamp").isNotNull();
      assertThat(delay.getStamp()).isNotNull();
    } finally {
      carol.disconnect();
    }
  }

  @Test
  void streamManagement_socketDrops_resumedWithNothingLost() throws Exception {
    XMPPTCPConnection dave = new XMPPTCPConnection(SmackClients.config(node, "dave", "dave-pw").setResource("phone").build());
    dave.setUseStreamManagement(true);
    dave.setUseStreamManagementResumption(true);
    BlockingQueue<Message> atDave = collect(dave);
    XMPPTCPConnection alice = login("alice");
    try {
      dave.connect().login();
      assertThat(dave.isSmEnabled()).isTrue();
      for (int i = 0; i < 5; i++) {
        alice.sendStanza(chat(alice, "dave@localhost/phone", "m" + i));
      }
      Set<String> seen = new HashSet<>();
      drain(atDave, seen, 5);
      dave.instantShutdown(); // the socket drops, no </stream:stream>
      for (int i = 5; i < 10; i++) {
        alice.sendStanza(chat(alice, "dave@localhost/phone", "m" + i));
      }
      Thread.sleep(500);
      dave.connect().login();
      assertThat(dave.streamWasResumed()).as("XEP-0198 resumption").isTrue();
      drain(atDave, seen, 10);
      for (int i = 0; i < 10; i++) {
        assertThat(seen).contains("m" + i);
      }
    } finally {
      alice.disconnect();
      dave.disconnect();
    }
  }

  @Test
  void malformedXml_notWellFormed_connectionClosed() throws Exception {
    XMPPTCPConnection grace = login("grace");
    CompletableFuture<Exception> closed = closedOnError(grace);
    grace.sendNonza(RawNonza.of("<message to='alice@localhost'><body>broken</message>"));
    Exception e = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(StreamErrorException.class);
    assertThat(((StreamErrorException) e).getStreamError().getCondition())
        .isEqualTo(StreamError.Condition.not_well_formed);
    assertThat(grace.isConnected()).isFalse();
  }

  @Test
  void oversizedStanza_policyViolation() throws Exception {
    XMPPTCPConnection grace = login("grace");
    CompletableFuture<Exception> closed = closedOnError(grace);
    grace.sendStanza(chat(grace, "alice@localhost", "x".repeat(300 * 1024)));
    Exception e = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(StreamErrorException.class);
    assertThat(((StreamErrorException) e).getStreamError().getCondition())
        .isEqualTo(StreamError.Condition.policy_violation);
  }

  @Test
  void messageToNonexistentAccount_serviceUnavailable_notStored() throws Exception {
    XMPPTCPConnection alice = login("alice");
    try {
      BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
      alice.addSyncStanzaListener(s -> errors.add((Message) s), MessageTypeFilter.ERROR);
      alice.sendStanza(chat(alice, "nobody-here@localhost", "anyone?"));
      Message error = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(error).as("RFC 6121 §8.5.1 error bounce").isNotNull();
      assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
      assertThat(node.node().persistence().offline().count(bare("nobody-here")).toCompletableFuture().join())
          .isZero();
    } finally {
      alice.disconnect();
    }
  }

  @Test
  void inBandRegistration_removeAndRegisterAgain_startsWithEmptyRoster() throws Exception {
    AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
    XMPPTCPConnection first = new XMPPTCPConnection(SmackClients.config(node, "ivy", "ivy-pw").build());
    first.connect();
    AccountManager.getInstance(first).createAccount(Localpart.from("ivy"), "ivy-pw");
    first.login();
    Roster roster = Roster.getInstanceFor(first);
    roster.createItem(bare("alice"), "Alice", null);
    awaitTrue(() -> roster.getEntry(bare("alice")) != null);
    CompletableFuture<Exception> closed = closedOnError(first);
    // The removal is sent from a second, raw stream of the account, which reads the wire order:
    // XEP-0077 §3.2 wants the result before the stream error. (Smack's own deleteAccount() can
    // report NotConnected when the error follows the result within the same read: its collector
    // gives up on a connection error before taking a result already queued.)
    try (RawClient raw = RawClient.login(node, "ivy", "ivy-pw", "remover")) {
      raw.send("<iq type='set' id='rm1'><query xmlns='jabber:iq:register'><remove/></query></iq>");
      String wire = raw.readUntil("</stream:stream>");
      assertThat(wire).contains("id=\"rm1\"").contains("<stream:error>");
      int answerAt = wire.indexOf("id=\"rm1\"");
      int errorAt = wire.indexOf("<stream:error>");
      String answer = wire.substring(wire.lastIndexOf("<iq", answerAt), wire.indexOf('>', answerAt) + 1);
      assertThat(answer).as("the removal's answer").contains("type=\"result\"");
      assertThat(answerAt).as("the result, then the stream error").isLessThan(errorAt);
      assertThat(wire.substring(errorAt)).contains("<not-authorized");
    }
    closed.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the account's other stream ends too

    XMPPTCPConnection again = new XMPPTCPConnection(SmackClients.config(node, "ivy", "new-pw").build());
    try {
      again.connect();
      AccountManager.getInstance(again).createAccount(Localpart.from("ivy"), "new-pw");
      again.login();
      Roster fresh = Roster.getInstanceFor(again);
      fresh.reloadAndWait();
      assertThat(fresh.getEntries()).as("a re-created account inherits nothing").isEmpty();
    } finally {
      again.disconnect();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static RosterPacket.ItemType entryType(Roster roster, String user) {
    RosterEntry e = roster.getEntry(bare(user));
    return e == null ? null : e.getType();
  }

  private static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
    return from.getStanzaFactory().buildMessageStanza()
        .to(to)
        .ofType(Message.Type.chat)
        .setBody(body)
        .build();
  }

  private static BlockingQueue<Message> collect(XMPPTCPConnection c) {
    BlockingQueue<Message> q = new LinkedBlockingQueue<>();
    c.addSyncStanzaListener(s -> q.add((Message) s), MessageTypeFilter.CHAT);
    return q;
  }

  private static void drain(BlockingQueue<Message> q, Set<String> seen, int until) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (seen.size() < until && System.nanoTime() < deadline) {
      Message m = q.poll(200, TimeUnit.MILLISECONDS);
      if (m != null) {
        seen.add(m.getBody());
      }
    }
  }

  private static CompletableFuture<Exception> closedOnError(XMPPTCPConnection c) {
    CompletableFuture<Exception> f = new CompletableFuture<>();
    c.addConnectionListener(new ConnectionListener() {
      @Override
      public void connectionClosedOnError(Exception e) {
        f.complete(e);
      }
    });
    return f;
  }


  private static boolean lastActivityKnown(LastActivityManager manager, org.jxmpp.jid.Jid jid) {
    try {
      manager.getLastActivity(jid);
      return true;
    } catch (XMPPErrorException e) {
      if (e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
        return false;
      }
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    Await.until("condition", WAIT, condition);
  }
}
