package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Federation with Debian's Prosody 0.12, both directions, over real s2s streams on loopback. One
 * Prosody serves two domains: {@code ca.prosody.test} has a certificate from the test CA that
 * Switchboard trusts and trusts Switchboard's (so both directions use SASL EXTERNAL), and
 * {@code self.prosody.test} has a self-signed certificate and trusts another CA (so both
 * directions fall back to XEP-0220 dialback, with Prosody connecting back to verify keys). Names
 * resolve through a private dnsmasq (SRV records pointing at the free ports), which Prosody
 * (lua-unbound) and Switchboard ({@code switchboard.s2s.dns-server}) both use. Clients on both
 * sides are Smack.
 */
@ExtendWith(CassandraExtension.class)
class ProsodyFederationIT {
  static final String SW = "sw.test";
  static final String CA_PEER = "ca.prosody.test";
  static final String SELF_PEER = "self.prosody.test";
  /** A domain no server here hosts, with a certificate from the test CA: a raw peer authenticates as it. */
  static final String ROGUE = "rogue.test";

  static final Duration PING_INTERVAL = Duration.ofSeconds(8);
  static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
  static final Duration LOSS_GRACE = Duration.ofSeconds(2);

  private static Dnsmasq dns;
  private static ProsodyPeer prosody;
  private static InProcessNode node;
  private static int swS2sPort;
  private static Path swCert;
  private static final Map<String, Path> peerCerts = new java.util.HashMap<>();
  private static TestCertificates.Issued[] rogueCert;

  @BeforeAll
  static void start() throws Exception {
    boolean require = "1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"));
    boolean present = ProsodyPeer.installed() && Dnsmasq.installed();
    if (require) {
      assertThat(present).as("prosody, lua-unbound and dnsmasq-base must be installed").isTrue();
    }
    Assumptions.assumeTrue(present, "prosody or dnsmasq is not installed");
    Path dir = Path.of("target", "s2s-prosody").toAbsolutePath();
    Set<Integer> taken = new HashSet<>();
    int swS2s = free(taken);
    swS2sPort = swS2s;
    int pC2s = free(taken);
    int pS2s = free(taken);
    int dnsPort = free(taken);

    var ca = TestCertificates.ca("Switchboard test CA");
    var other = TestCertificates.ca("A CA nobody here uses");
    Path caPem = ca.write(dir.resolve("certs"), "ca")[0];
    Path otherPem = other.write(dir.resolve("certs"), "other-ca")[0];
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW, "proxy." + SW))
        .write(dir.resolve("certs"), SW);
    swCert = sw[0];
    Path[] caPeer = TestCertificates.server(ca, TestCertificates.Names.dns(CA_PEER, CA_PEER, "pubsub." + CA_PEER,
        "conference." + CA_PEER)).write(dir.resolve("certs"), CA_PEER);
    Path[] selfPeer = TestCertificates.server(null, TestCertificates.Names.dns(SELF_PEER, SELF_PEER,
        "pubsub." + SELF_PEER, "conference." + SELF_PEER)).write(dir.resolve("certs"), SELF_PEER);
    rogueCert = new TestCertificates.Issued[] {TestCertificates.server(ca, TestCertificates.Names.dns(ROGUE, ROGUE)), ca};
    peerCerts.put(CA_PEER, caPeer[0]);
    peerCerts.put(SELF_PEER, selfPeer[0]);

    Map<String, Integer> srv = new java.util.LinkedHashMap<>();
    for (String d : List.of(SW, "pubsub." + SW)) {
      srv.put(d, swS2s);
    }
    for (String p : List.of(CA_PEER, SELF_PEER)) {
      for (String d : List.of(p, "pubsub." + p, "conference." + p)) {
        srv.put(d, pS2s);
      }
    }
    dns = Dnsmasq.start(dir.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv);
    prosody = ProsodyPeer.start(dir.resolve("prosody"), pC2s, pS2s, dnsPort, List.of(
            new ProsodyPeer.Host(CA_PEER, caPeer[0], caPeer[1], caPem),
            new ProsodyPeer.Host(SELF_PEER, selfPeer[0], selfPeer[1], otherPem)),
        List.of(new String[] {"pat", CA_PEER, "pat-pw"}, new String[] {"sam", SELF_PEER, "sam-pw"}));
    Map<String, Object> settings = new java.util.HashMap<>(
        FederationFixture.nodeSettings(SW, sw[0], sw[1], caPem, swS2s, dnsPort));
    // Short XEP-0199 pings and presence-loss grace, so that idle and dead streams show within seconds.
    settings.put("switchboard.s2s.ping-interval", PING_INTERVAL.toMillis() + "ms");
    settings.put("switchboard.s2s.ping-timeout", PING_TIMEOUT.toMillis() + "ms");
    settings.put("switchboard.s2s.presence-loss.grace", LOSS_GRACE.toMillis() + "ms");
    node = InProcessNode.startWithAccounts("s2s_prosody", settings, "alice", "bob", "carol", "dave");
  }

  private static int free(Set<Integer> taken) {
    int p;
    do {
      p = CassandraExtension.freePort();
    } while (!taken.add(p));
    return p;
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
    if (prosody != null) {
      prosody.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  private static String peerUser(String peer) {
    return peer.equals(CA_PEER) ? "pat" : "sam";
  }

  private static XMPPTCPConnection peerClient(String peer, String resource) throws Exception {
    String user = peerUser(peer);
    return FederationFixture.login(peer, prosody.c2sPort(), peerCerts.get(peer), user, user + "-pw", resource);
  }

  private static XMPPTCPConnection swClient(String user, String resource) throws Exception {
    return FederationFixture.login(SW, node.c2sPort(), swCert, user, user + "-pw", resource);
  }

  private static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
    BlockingQueue<Message> q = new LinkedBlockingQueue<>();
    c.addSyncStanzaListener(s -> q.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
    return q;
  }

  private static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
    Message m = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
        .setBody(body).build();
    from.sendStanza(m);
    return m;
  }

  private static Message next(BlockingQueue<Message> q, String what) throws InterruptedException {
    Message m = q.poll(45, TimeUnit.SECONDS);
    assertThat(m).as(what + "\nProsody log tail:\n" + prosody.log()).isNotNull();
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void chat_bothDirections_overTheExpectedAuthentication(String peer) throws Exception {
    XMPPTCPConnection alice = swClient("alice", "chat");
    XMPPTCPConnection remote = peerClient(peer, "chat");
    try {
      BlockingQueue<Message> aliceIn = inbox(alice);
      BlockingQueue<Message> remoteIn = inbox(remote);
      String remoteJid = peerUser(peer) + "@" + peer;
      chat(alice, remoteJid + "/chat", "hello from switchboard");
      Message got = next(remoteIn, "the Prosody user got alice's message");
      assertThat(got.getBody()).isEqualTo("hello from switchboard");
      assertThat(got.getFrom().toString()).isEqualTo("alice@" + SW + "/chat");

      chat(remote, "alice@" + SW + "/chat", "hello from prosody");
      Message back = next(aliceIn, "alice got the Prosody user's message");
      assertThat(back.getBody()).isEqualTo("hello from prosody");
      assertThat(back.getFrom().toString()).isEqualTo(remoteJid + "/chat");

      String expected = peer.equals(CA_PEER) ? "sasl-external" : "dialback";
      Await.until("the outgoing stream to " + peer + " is authenticated by " + expected, Duration.ofSeconds(10),
          () -> expected.equals(FederationFixture.auth(node, "out", SW, peer)));
      Await.until("the incoming stream from " + peer + " is authenticated by " + expected, Duration.ofSeconds(10),
          () -> expected.equals(FederationFixture.auth(node, "in", SW, peer)));
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void subscription_andPresence_bothWays_andUnavailableWhenTheUserLeaves(String peer) throws Exception {
    XMPPTCPConnection bob = swClient("bob", "roster");
    XMPPTCPConnection remote = peerClient(peer, "roster");
    try {
      Roster bobRoster = Roster.getInstanceFor(bob);
      Roster remoteRoster = Roster.getInstanceFor(remote);
      bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      remoteRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      var remoteBare = JidCreate.bareFrom(peerUser(peer) + "@" + peer);
      var bobBare = JidCreate.bareFrom("bob@" + SW);
      bobRoster.createItemAndRequestSubscription(remoteBare, "remote", null);
      remoteRoster.createItemAndRequestSubscription(bobBare, "bob", null);
      Await.until("bob sees the Prosody user online", Duration.ofSeconds(45),
          () -> bobRoster.getPresence(remoteBare).isAvailable(), () -> prosody.log());
      Await.until("the Prosody user sees bob online", Duration.ofSeconds(45),
          () -> remoteRoster.getPresence(bobBare).isAvailable(), () -> prosody.log());
      assertThat(bobRoster.getEntry(remoteBare).canSeeHisPresence()).isTrue();
      bob.disconnect();
      Await.until("the Prosody user sees bob leave", Duration.ofSeconds(30),
          () -> !remoteRoster.getPresence(bobBare).isAvailable());
      // Bob comes back: his server probes the remote contact and learns it is online.
      XMPPTCPConnection bob2 = swClient("bob", "again");
      try {
        Roster again = Roster.getInstanceFor(bob2);
        Await.until("bob, back, sees the Prosody user online (probe over s2s)", Duration.ofSeconds(30),
            () -> again.getPresence(remoteBare).isAvailable());
      } finally {
        bob2.disconnect();
      }
    } finally {
      bob.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void iq_discoAndVersion_bothDirections(String peer) throws Exception {
    XMPPTCPConnection alice = swClient("alice", "iq");
    XMPPTCPConnection remote = peerClient(peer, "iq");
    try {
      DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.from(peer));
      assertThat(info.getIdentities()).anyMatch(i -> i.getCategory().equals("server"));
      Version theirs = VersionManager.getInstanceFor(alice).getVersion(JidCreate.from(peer));
      assertThat(theirs.getName()).containsIgnoringCase("prosody");

      Version ours = VersionManager.getInstanceFor(remote).getVersion(JidCreate.from(SW));
      assertThat(ours.getName()).containsIgnoringCase("switchboard");
      DiscoverInfo ourInfo = ServiceDiscoveryManager.getInstanceFor(remote).discoverInfo(JidCreate.from(SW));
      assertThat(ourInfo.getIdentities()).anyMatch(i -> i.getCategory().equals("server"));
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void pubsub_remoteSubscribers_getNotifications_bothWays(String peer) throws Exception {
    XMPPTCPConnection carol = swClient("carol", "ps");
    XMPPTCPConnection remote = peerClient(peer, "ps");
    String tag = peer.startsWith("ca") ? "ca" : "self";
    try {
      // A node at pubsub.sw.test, a subscriber at the peer.
      PubSubManager ours = PubSubManager.getInstanceFor(carol, JidCreate.bareFrom("pubsub." + SW));
      LeafNode news = ours.createNode("news-" + tag);
      PubSubManager oursFromRemote = PubSubManager.getInstanceFor(remote, JidCreate.bareFrom("pubsub." + SW));
      LeafNode remoteView = oursFromRemote.getLeafNode("news-" + tag);
      BlockingQueue<String> remoteItems = new LinkedBlockingQueue<>();
      remoteView.addItemEventListener(e -> e.getItems().forEach(i -> remoteItems.add(String.valueOf(i))));
      remoteView.subscribe(remote.getUser().asBareJid());
      news.publish(new PayloadItem<>("i1", new SimplePayload("<entry xmlns='urn:example:news'>s2s one</entry>")));
      String got = remoteItems.poll(45, TimeUnit.SECONDS);
      assertThat(got).as("notification from pubsub.sw.test at " + peer + "\n" + prosody.log()).contains("s2s one");

      // A node at pubsub.<peer>, a subscriber here.
      PubSubManager theirs = PubSubManager.getInstanceFor(remote, JidCreate.bareFrom("pubsub." + peer));
      LeafNode feed = theirs.createNode("feed-" + tag);
      PubSubManager theirsFromUs = PubSubManager.getInstanceFor(carol, JidCreate.bareFrom("pubsub." + peer));
      LeafNode ourView = theirsFromUs.getLeafNode("feed-" + tag);
      BlockingQueue<String> ourItems = new LinkedBlockingQueue<>();
      ourView.addItemEventListener(e -> e.getItems().forEach(i -> ourItems.add(String.valueOf(i))));
      ourView.subscribe(carol.getUser().asBareJid());
      feed.publish(new PayloadItem<>("j1", new SimplePayload("<entry xmlns='urn:example:news'>s2s two</entry>")));
      assertThat(ourItems.poll(45, TimeUnit.SECONDS)).as("notification from pubsub." + peer + " here").contains("s2s two");
    } finally {
      carol.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void muc_switchboardUserJoinsAProsodyRoom_andTalks(String peer) throws Exception {
    XMPPTCPConnection remote = peerClient(peer, "muc");
    XMPPTCPConnection alice = swClient("alice", "muc");
    try {
      var room = JidCreate.entityBareFrom("lobby-" + (peer.startsWith("ca") ? "ca" : "self") + "@conference." + peer);
      MultiUserChat owner = MultiUserChatManager.getInstanceFor(remote).getMultiUserChat(room);
      owner.create(Resourcepart.from("owner")).makeInstant();
      MultiUserChat guest = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
      BlockingQueue<Message> guestIn = new LinkedBlockingQueue<>();
      guest.addMessageListener(m -> {
        if (m.getBody() != null) { // not the room's subject
          guestIn.add(m);
        }
      });
      guest.join(Resourcepart.from("alice"));
      assertThat(guest.isJoined()).isTrue();
      Await.until("the owner sees alice in the room", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().anyMatch(o -> o.getResourceOrEmpty().toString().equals("alice")));
      owner.sendMessage("welcome over s2s");
      Message m = guestIn.poll(45, TimeUnit.SECONDS);
      assertThat(m).as("groupchat message from the Prosody room").isNotNull();
      assertThat(m.getBody()).isEqualTo("welcome over s2s");
      guest.leave();
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }

  @org.junit.jupiter.api.Test
  void badInput_unknownTo_hostUnknown() throws Exception {
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      peer.send(RawS2sPeer.header(CA_PEER, "nobody.example"));
      assertThat(peer.readUntil("</stream:stream>", 10_000)).contains("<host-unknown");
    }
  }

  @org.junit.jupiter.api.Test
  void badInput_stanzaBeforeTls_refusedAndNotDelivered() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "raw1");
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      BlockingQueue<Message> in = inbox(alice);
      peer.send(RawS2sPeer.header(CA_PEER, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.send("<message from='pat@" + CA_PEER + "/x' to='alice@" + SW + "/raw1' type='chat'><body>sneaky</body></message>");
      assertThat(peer.readUntil("</stream:stream>", 10_000)).containsAnyOf("<policy-violation", "<not-authorized");
      assertThat(in.poll(2, TimeUnit.SECONDS)).as("nothing delivered").isNull();
    } finally {
      alice.disconnect();
    }
  }

  @org.junit.jupiter.api.Test
  void ping_idleStreamsStayOpen_pingsAnsweredBothWays() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "ping");
    XMPPTCPConnection pat = peerClient(CA_PEER, "ping");
    try {
      // Prosody pings our domain over s2s (XEP-0199 §4.3, answered by the server).
      assertThat(PingManager.getInstanceFor(pat).ping(JidCreate.domainBareFrom(SW))).isTrue();
      BlockingQueue<Message> patIn = inbox(pat);
      chat(alice, "pat@" + CA_PEER + "/ping", "before the idle period");
      next(patIn, "pat got alice's message");
      Await.until("the streams with " + CA_PEER + " are up", Duration.ofSeconds(10),
          () -> stream("out", CA_PEER) != null && stream("in", CA_PEER) != null);
      String outSince = stream("out", CA_PEER).since();
      String inSince = stream("in", CA_PEER).since();
      long outPings = stream("out", CA_PEER).pings();
      long inAnswers = stream("in", CA_PEER).pings();
      // Idle for more than ping-interval + ping-timeout: without answered pings both would close.
      Await.until("two more pings answered on the idle streams with " + CA_PEER, Duration.ofSeconds(60), () -> {
        S2sStreams.Info out = stream("out", CA_PEER);
        S2sStreams.Info in = stream("in", CA_PEER);
        return out != null && in != null && out.pings() >= outPings + 2 && in.pings() >= inAnswers + 2;
      }, () -> FederationFixture.streams(node) + "\n" + prosody.log());
      assertThat(stream("out", CA_PEER).since()).as("the same outgoing stream").isEqualTo(outSince);
      assertThat(stream("in", CA_PEER).since()).as("the same incoming stream").isEqualTo(inSince);
      chat(alice, "pat@" + CA_PEER + "/ping", "after the idle period");
      assertThat(next(patIn, "pat got the second message").getBody()).isEqualTo("after the idle period");
    } finally {
      alice.disconnect();
      pat.disconnect();
    }
  }

  /**
   * Prosody stops (SIGSTOP: its connections stay open but nothing answers, as behind a cut
   * cable). Switchboard's pings go unanswered, the streams close as dead, and after the grace
   * period dave, who saw pat's full JID available, gets unavailable presence from it.
   */
  @org.junit.jupiter.api.Test
  void presence_peerStopsAnswering_unavailableFromTheContactsFullJid() throws Exception {
    XMPPTCPConnection dave = swClient("dave", "loss");
    XMPPTCPConnection pat = peerClient(CA_PEER, "loss");
    boolean paused = false;
    try {
      Roster daveRoster = Roster.getInstanceFor(dave);
      Roster patRoster = Roster.getInstanceFor(pat);
      daveRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      patRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      var patBare = JidCreate.bareFrom("pat@" + CA_PEER);
      var patFull = JidCreate.fullFrom("pat@" + CA_PEER + "/loss");
      BlockingQueue<Presence> fromPat = new LinkedBlockingQueue<>();
      dave.addSyncStanzaListener(p -> fromPat.add((Presence) p),
          p -> p instanceof Presence pr && patFull.equals(pr.getFrom()));
      daveRoster.createItemAndRequestSubscription(patBare, "pat", null);
      patRoster.createItemAndRequestSubscription(JidCreate.bareFrom("dave@" + SW), "dave", null);
      Await.until("dave sees pat/loss online", Duration.ofSeconds(45),
          () -> daveRoster.getPresenceResource(patFull).isAvailable(), () -> prosody.log());
      fromPat.clear();

      long start = System.nanoTime();
      prosody.pause();
      paused = true;
      Presence gone = fromPat.poll(45, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(gone).as("dave got presence from pat/loss after Prosody stopped").isNotNull();
      assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);
      System.out.printf("s2s presence loss: unavailable from %s %d ms after Prosody stopped%n", patFull, ms);
      // ping-interval + ping-timeout + grace, plus the checks' ticks and some slack for a loaded machine.
      assertThat(ms).isLessThan(PING_INTERVAL.plus(PING_TIMEOUT).plus(LOSS_GRACE).plusSeconds(10).toMillis());
      // The roster applies the same presence on its own listener, which may run after ours.
      Await.until("dave's roster shows pat/loss unavailable", Duration.ofSeconds(10),
          () -> !daveRoster.getPresenceResource(patFull).isAvailable(), () -> prosody.log());
    } finally {
      if (paused) {
        prosody.resume();
      }
      dave.disconnect();
      pat.disconnect();
    }
  }

  private static S2sStreams.Info stream(String direction, String remote) {
    return FederationFixture.streams(node).stream()
        .filter(s -> s.direction().equals(direction) && s.remote().equals(remote) && s.local().equals(SW)
            && !s.auth().equals("none"))
        .min(java.util.Comparator.comparing(S2sStreams.Info::since)).orElse(null);
  }

  @org.junit.jupiter.api.Test
  void badInput_stanzaBeforeAuthentication_notAuthorizedAndNotDelivered() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "raw2");
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      BlockingQueue<Message> in = inbox(alice);
      peer.send(RawS2sPeer.header(CA_PEER, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(CA_PEER, SW);
      peer.send("<message from='pat@" + CA_PEER + "/x' to='alice@" + SW + "/raw2' type='chat'><body>sneaky</body></message>");
      assertThat(peer.readUntil("</stream:stream>", 10_000)).contains("<not-authorized");
      assertThat(in.poll(2, TimeUnit.SECONDS)).as("nothing delivered").isNull();
    } finally {
      alice.disconnect();
    }
  }

  @org.junit.jupiter.api.Test
  void badInput_spoofedFromOnAnAuthenticatedStream_invalidFromAndNotDelivered() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "raw3");
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      BlockingQueue<Message> in = inbox(alice);
      peer.send(RawS2sPeer.header(ROGUE, SW));
      peer.readUntil("</stream:features>", 10_000);
      assertThat(peer.startTls(ROGUE, SW, rogueCert)).contains("EXTERNAL");
      peer.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
      assertThat(peer.readUntil("<success", 10_000)).as("SASL EXTERNAL as " + ROGUE).contains("<success");
      peer.restart(ROGUE, SW);
      // The stream is authenticated for rogue.test: a stanza from its own domain is delivered...
      peer.send("<message from='eve@" + ROGUE + "/x' to='alice@" + SW + "/raw3' type='chat'><body>own domain</body></message>");
      assertThat(next(in, "the authenticated domain's message").getBody()).isEqualTo("own domain");
      // ...one claiming another domain closes the stream (RFC 6120 §4.9.3.9) and is not delivered.
      peer.send("<message from='pat@" + CA_PEER + "/x' to='alice@" + SW + "/raw3' type='chat'><body>spoofed</body></message>");
      assertThat(peer.readUntil("</stream:stream>", 10_000)).contains("<invalid-from");
      assertThat(in.poll(2, TimeUnit.SECONDS)).as("the spoofed message is not delivered").isNull();
    } finally {
      alice.disconnect();
    }
  }

  @org.junit.jupiter.api.Test
  void badInput_invalidDialbackKey_invalidAfterAskingTheAuthoritativeServer() throws Exception {
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      peer.send(RawS2sPeer.header(SELF_PEER, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(SELF_PEER, SW);
      // A key Prosody (authoritative for self.prosody.test) never generated.
      peer.send("<db:result from='" + SELF_PEER + "' to='" + SW + "'>" + "0".repeat(64) + "</db:result>");
      String answer = peer.readUntil("</stream:stream>", 45_000);
      assertThat(answer).as("\nProsody log tail:\n" + prosody.log())
          .containsPattern("<(db:)?result[^>]*type=.invalid").contains("<not-authorized");
    }
  }

  @org.junit.jupiter.api.Test
  void badInput_oversizedStanza_policyViolation() throws Exception {
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      peer.send(RawS2sPeer.header(CA_PEER, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(CA_PEER, SW);
      peer.send("<message from='pat@" + CA_PEER + "' to='alice@" + SW + "'><body>");
      // 300 KB in 10 KB pieces, reading between them: the server answers and closes before the end.
      for (int i = 0; i < 30 && !peer.text().contains("</stream:stream>"); i++) {
        try {
          peer.send("x".repeat(10_000));
        } catch (java.io.IOException closed) {
          break;
        }
        peer.readUntil("</stream:stream>", 5);
      }
      assertThat(peer.readUntil("</stream:stream>", 10_000)).contains("<policy-violation");
    }
  }
}
