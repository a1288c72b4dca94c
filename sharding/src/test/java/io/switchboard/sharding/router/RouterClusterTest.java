package io.switchboard.sharding.router;

import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static io.switchboard.sharding.testing.Xml.presence;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.testing.FakeAccountDirectory;
import io.switchboard.sharding.testing.FakeOfflineMessages;
import io.switchboard.sharding.testing.Xml;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clustered path on a real single-node cluster: Router → sharded UserSession entities →
 * connection refs (test probes stand in for the node's connections), with the in-memory journal.
 */
class RouterClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ActorTestKit testKit;
  private static Router router;
  private static final FakeOfflineMessages offline = new FakeOfflineMessages(100);
  private static final FakeAccountDirectory accounts = new FakeAccountDirectory();
  private static final LinkedBlockingQueue<XmlElement> toServer = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.cluster.sharding.remember-entities-store = eventsourced
        pekko.cluster.sharding.distributed-data.durable.keys = []
        """)
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create("RouterClusterTest", config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
      return null;
    });
    router = SwitchboardSharding.init(testKit.system(), Jids.domain("example.com"),
        (stanza, replies) -> toServer.add(stanza), new SwitchboardSharding.Ports(offline, accounts));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static TestProbe<ConnectionMessage> connect(String fullJid) throws Exception {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    BindResult result = router.bind(Jids.full(fullJid), conn.ref(), WAIT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full(fullJid)));
    return conn;
  }

  private static void send(String fullJid, XmlElement stanza) {
    router.fromClient(Jids.full(fullJid), stanza);
  }

  /** Skips deliveries until one matches; fails after the wait. */
  private static XmlElement await(TestProbe<ConnectionMessage> conn, Predicate<XmlElement> match) {
    return awaitDeliver(conn, match).stanza();
  }

  private static ConnectionMessage.Deliver awaitDeliver(
      TestProbe<ConnectionMessage> conn, Predicate<XmlElement> match) {
    ConnectionMessage.Deliver[] found = new ConnectionMessage.Deliver[1];
    conn.fishForMessage(WAIT, "a matching stanza", m -> {
      if (m instanceof ConnectionMessage.Deliver d && match.test(d.stanza())) {
        found[0] = d;
        return FishingOutcomes.complete();
      }
      return FishingOutcomes.continueAndIgnore();
    });
    return found[0];
  }

  private static Predicate<XmlElement> presenceFrom(String from, String type) {
    return e -> e.name().equals("presence") && from.equals(e.attr("from"))
        && java.util.Objects.equals(type, e.attr("type"));
  }

  private static Predicate<XmlElement> body(String text) {
    return e -> e.name().equals("message")
        && e.childText("body", Xml.CLIENT).map(text::equals).orElse(false);
  }

  private static Subscription subscription(String user, String contact) {
    TestProbe<UserSession.SessionState> reply = testKit.createTestProbe();
    router.entity(Jids.bare(user)).tell(new UserSession.GetState(reply.ref()));
    var item = reply.receiveMessage(WAIT).account().item(Jids.bare(contact));
    return item == null ? Subscription.NONE : item.subscription();
  }

  private static void rosterGet(String full, TestProbe<ConnectionMessage> conn) {
    send(full, iq(null, null, "get", "roster", XmlElement.of("query", "jabber:iq:roster")));
    await(conn, e -> "roster".equals(e.attr("id")));
  }

  /** Both users online with presence and mutually subscribed, through the real handshake. */
  private static void befriend(String a, TestProbe<ConnectionMessage> aConn,
      String b, TestProbe<ConnectionMessage> bConn) {
    String aBare = a.substring(0, a.indexOf('/'));
    String bBare = b.substring(0, b.indexOf('/'));
    send(a, presence(null, bBare, "subscribe"));
    await(bConn, e -> "subscribe".equals(e.attr("type")) && aBare.equals(e.attr("from")));
    send(b, presence(null, aBare, "subscribed"));
    await(aConn, e -> "subscribed".equals(e.attr("type")) && bBare.equals(e.attr("from")));
    await(aConn, presenceFrom(b, null)); // §3.1.5: the approver's presence follows
    send(b, presence(null, aBare, "subscribe"));
    await(aConn, e -> "subscribe".equals(e.attr("type")) && bBare.equals(e.attr("from")));
    send(a, presence(null, bBare, "subscribed"));
    await(bConn, presenceFrom(a, null));
  }

  // --- tests -------------------------------------------------------------------------------------

  @Test
  void subscriptionHandshake_presenceBothWays_andChat() throws Exception {
    String romeo = "romeo@example.com/orchard";
    String juliet = "juliet@example.com/balcony";
    TestProbe<ConnectionMessage> romeoConn = connect(romeo);
    TestProbe<ConnectionMessage> julietConn = connect(juliet);
    rosterGet(romeo, romeoConn);
    rosterGet(juliet, julietConn);
    send(romeo, available(null, 1));
    send(juliet, available(null, 1));

    befriend(romeo, romeoConn, juliet, julietConn);

    assertThat(subscription("romeo@example.com", "juliet@example.com"))
        .isEqualTo(Subscription.BOTH);
    assertThat(subscription("juliet@example.com", "romeo@example.com"))
        .isEqualTo(Subscription.BOTH);

    // Presence updates are seen both ways.
    send(romeo, XmlElement.builder("presence", Xml.CLIENT).textChild("show", "away").build());
    XmlElement away = await(julietConn, presenceFrom(romeo, null)
        .and(e -> e.childText("show", Xml.CLIENT).isPresent()));
    assertThat(away.attr("to")).isEqualTo("juliet@example.com");
    send(juliet, XmlElement.builder("presence", Xml.CLIENT).textChild("show", "dnd").build());
    await(romeoConn, presenceFrom(juliet, null).and(e -> e.childText("show", Xml.CLIENT)
        .map("dnd"::equals).orElse(false)));

    // Chat, with the server stamping 'from' whatever the client claimed.
    send(romeo, message("nurse@example.com/forged", juliet, "chat", "But soft!"));
    XmlElement chat = await(julietConn, body("But soft!"));
    assertThat(chat.attr("from")).isEqualTo(romeo);
    send(juliet, message(null, "romeo@example.com", "chat", "Ay me"));
    assertThat(await(romeoConn, body("Ay me")).attr("from")).isEqualTo(juliet);
  }

  @Test
  void bareJidMessage_goesToHighestPriorityResource() throws Exception {
    String low = "mercutio@example.com/street";
    String high = "mercutio@example.com/tavern";
    TestProbe<ConnectionMessage> lowConn = connect(low);
    TestProbe<ConnectionMessage> highConn = connect(high);
    TestProbe<ConnectionMessage> sender = connect("benvolio@example.com/square");
    send(low, available(null, 1));
    send(high, available(null, 10));
    await(lowConn, presenceFrom(high, null)); // both available now

    send("benvolio@example.com/square", message(null, "mercutio@example.com", "chat", "Where?"));

    await(highConn, body("Where?"));
    // A marker to the lower resource's full JID travels the same path after the bare message.
    send("benvolio@example.com/square", message(null, low, "chat", "marker"));
    lowConn.fishForMessage(WAIT, "marker, and no bare-JID chat before it", m -> {
      if (m instanceof ConnectionMessage.Deliver d && body("Where?").test(d.stanza())) {
        throw new AssertionError("lower-priority resource got the bare-JID message");
      }
      return m instanceof ConnectionMessage.Deliver d && body("marker").test(d.stanza())
          ? FishingOutcomes.complete()
          : FishingOutcomes.continueAndIgnore();
    });
    sender.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void messageToOfflineUser_storedAndDeliveredWithDelayOnNextInitialPresence() throws Exception {
    TestProbe<ConnectionMessage> sender = connect("tybalt@example.com/street");
    send("tybalt@example.com/street", message(null, "nurse@example.com", "chat", "Later"));
    TestProbe<Object> wait = testKit.createTestProbe();
    wait.awaitAssert(WAIT, () -> {
      assertThat(offline.stored("nurse@example.com")).hasSize(1);
      return null;
    });

    TestProbe<ConnectionMessage> nurse = connect("nurse@example.com/kitchen");
    send("nurse@example.com/kitchen", available(null, 0));

    ConnectionMessage.Deliver copy = awaitDeliver(nurse, body("Later"));
    XmlElement late = copy.stanza();
    assertThat(late.attr("from")).isEqualTo("tybalt@example.com/street");
    assertThat(late.child("delay", "urn:xmpp:delay").orElseThrow().attr("from"))
        .isEqualTo("example.com");
    copy.receipt().ack(); // the connection wrote it: only now is the stored copy deleted
    wait.awaitAssert(WAIT, () -> {
      assertThat(offline.stored("nurse@example.com")).isEmpty();
      return null;
    });
    sender.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void secondLoginWithSameResource_replacesOlderConnection() throws Exception {
    String jid = "paris@example.com/home";
    TestProbe<ConnectionMessage> first = connect(jid);
    TestProbe<ConnectionMessage> second = connect(jid);

    first.expectMessage(WAIT, ConnectionMessage.Replaced.INSTANCE);
    send("capulet@example.com/hall", message(null, jid, "chat", "Wed her"));
    await(second, body("Wed her"));
  }

  @Test
  void connectionTerminated_contactsSeeUnavailable() throws Exception {
    String a = "friar@example.com/cell";
    String b = "balthasar@example.com/road";
    TestProbe<ConnectionMessage> aConn = connect(a);
    TestProbe<ConnectionMessage> bConn = connect(b);
    rosterGet(a, aConn);
    rosterGet(b, bConn);
    send(a, available(null, 0));
    send(b, available(null, 0));
    befriend(a, aConn, b, bConn);

    aConn.stop();

    await(bConn, presenceFrom(a, "unavailable"));
  }

  @Test
  void stanzasToNonexistentAccount_serviceUnavailable_nothingStoredOffline() throws Exception {
    accounts.deleted("ghost@example.com");
    String sender = "sampson@example.com/gate";
    TestProbe<ConnectionMessage> conn = connect(sender);

    send(sender, message(null, "ghost@example.com", "chat", "anyone?"));
    XmlElement toBare = await(conn, e -> "error".equals(e.attr("type")) && e.name().equals("message"));
    assertThat(errorCondition(toBare)).isEqualTo("service-unavailable");
    assertThat(toBare.attr("from")).isEqualTo("ghost@example.com");
    send(sender, iq(null, "ghost@example.com/phone", "get", "v1",
        XmlElement.of("query", "jabber:iq:version")));
    XmlElement toFull = await(conn, e -> "v1".equals(e.attr("id")));
    assertThat(toFull.attr("type")).isEqualTo("error");
    assertThat(errorCondition(toFull)).isEqualTo("service-unavailable");
    send(sender, iq(null, "ghost@example.com", "get", "v2",
        XmlElement.of("vCard", "vcard-temp")));
    assertThat(errorCondition(await(conn, e -> "v2".equals(e.attr("id")))))
        .isEqualTo("service-unavailable");

    assertThat(offline.stored("ghost@example.com")).isEmpty();
    TestProbe<UserSession.SessionState> state = testKit.createTestProbe();
    router.entity(Jids.bare("ghost@example.com")).tell(new UserSession.GetState(state.ref()));
    assertThat(state.receiveMessage(WAIT).account().hasData()).isFalse();
    TestProbe<ConnectionMessage> ghostConn = testKit.createTestProbe();
    assertThat(router.bind(Jids.full("ghost@example.com/phone"), ghostConn.ref(), WAIT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(new BindResult.Refused("not-authorized"));
  }

  @Test
  void accountDeletedInBand_thenCreatedAgain_newOwnerSeesNoOldRoster() throws Exception {
    String jid = "rosaline@example.com/home";
    accounts.created("rosaline@example.com", Instant.parse("2026-01-01T00:00:00Z"));
    TestProbe<ConnectionMessage> old = connect(jid);
    send(jid, iq(null, null, "set", "add", Xml.rosterItem("romeo@example.com", "Romeo")));
    await(old, e -> "add".equals(e.attr("id")));

    accounts.deleted("rosaline@example.com");
    router.accountDeleted(Jids.bare("rosaline@example.com"));
    old.fishForMessage(WAIT, "the stream is closed", m -> m.equals(
        new ConnectionMessage.Close("not-authorized"))
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    accounts.created("rosaline@example.com", Instant.parse("2026-06-01T00:00:00Z"));

    TestProbe<ConnectionMessage> fresh = connect(jid);
    send(jid, iq(null, null, "get", "roster", XmlElement.of("query", "jabber:iq:roster")));
    XmlElement roster = await(fresh, e -> "roster".equals(e.attr("id")));
    assertThat(roster.child("query", "jabber:iq:roster").orElseThrow()
        .elements("item", "jabber:iq:roster")).isEmpty();
  }

  @Test
  void accountCreatedAgainBehindTheEntitysBack_nextLoginClosesOldOneAndStartsEmpty()
      throws Exception {
    String user = "gregory@example.com";
    accounts.created(user, Instant.parse("2026-01-01T00:00:00Z"));
    TestProbe<ConnectionMessage> old = connect(user + "/old");
    send(user + "/old", iq(null, null, "set", "add", Xml.rosterItem("romeo@example.com", "R")));
    await(old, e -> "add".equals(e.attr("id")));

    // ./switchboard deluser, then adduser: Cassandra changed, nobody told the entity.
    accounts.created(user, Instant.parse("2026-06-01T00:00:00Z"));
    TestProbe<ConnectionMessage> fresh = connect(user + "/new");

    old.fishForMessage(WAIT, "the old login is closed", m -> m.equals(
        new ConnectionMessage.Close("not-authorized"))
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    send(user + "/new", iq(null, null, "get", "roster", XmlElement.of("query", "jabber:iq:roster")));
    XmlElement roster = await(fresh, e -> "roster".equals(e.attr("id")));
    assertThat(roster.child("query", "jabber:iq:roster").orElseThrow()
        .elements("item", "jabber:iq:roster")).isEmpty();
  }

  @Test
  void stanzasToDomainAndRemoteDomains_goToServerOrBounce() throws Exception {
    String jid = "abram@example.com/gate";
    TestProbe<ConnectionMessage> conn = connect(jid);

    send(jid, iq(null, "example.com", "get", "ping1", XmlElement.of("ping", "urn:xmpp:ping")));
    XmlElement atServer = toServer.poll(10, TimeUnit.SECONDS);
    assertThat(atServer).isNotNull();
    assertThat(atServer.attr("id")).isEqualTo("ping1");
    assertThat(atServer.attr("from")).isEqualTo(jid);

    send(jid, message(null, "someone@elsewhere.example", "chat", "hello?"));
    XmlElement bounced = await(conn, e -> "error".equals(e.attr("type")));
    assertThat(errorCondition(bounced)).isEqualTo("remote-server-not-found");
    assertThat(bounced.attr("from")).isEqualTo("someone@elsewhere.example");
  }
}
