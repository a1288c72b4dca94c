package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
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
 * Federation with Debian's ejabberd 23.01, both directions, over real s2s streams on loopback. Two
 * ejabberd VMs, because ejabberd's {@code ca_file} is a global option: {@code ca.ejabberd.test}
 * has a certificate from the test CA that Switchboard trusts and trusts that CA, so both
 * directions use SASL EXTERNAL; {@code self.ejabberd.test} has a self-signed certificate and
 * trusts another CA, so both directions fall back to XEP-0220 dialback, each side connecting back
 * to the other's authoritative server. Names
 * resolve through a private dnsmasq: Switchboard asks it through {@code switchboard.s2s.dns-server},
 * ejabberd's Erlang resolver through an inetrc file (see {@link EjabberdPeer} for why the SRV
 * record of Switchboard's domain names {@code 127.0.0.1} as its target). Clients on both sides are
 * Smack.
 */
@ExtendWith(CassandraExtension.class)
class EjabberdFederationIT {
  static final String SW = "sw.test";
  static final String CA_PEER = "ca.ejabberd.test";
  static final String SELF_PEER = "self.ejabberd.test";

  private static Dnsmasq dns;
  /** domain → the ejabberd serving it. */
  private static final Map<String, EjabberdPeer> ejabberd = new HashMap<>();
  private static InProcessNode node;
  private static Path swCert;
  private static final Map<String, Path> peerCerts = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    boolean require = "1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"));
    boolean present = EjabberdPeer.installed() && Dnsmasq.installed();
    if (require) {
      assertThat(present).as("ejabberd (erlang) and dnsmasq-base must be installed").isTrue();
    }
    Assumptions.assumeTrue(present, "ejabberd or dnsmasq is not installed");
    Path dir = Path.of("target", "s2s-ejabberd").toAbsolutePath();
    Set<Integer> taken = new HashSet<>();
    int swS2s = free(taken);
    Map<String, int[]> ports = Map.of(CA_PEER, new int[] {free(taken), free(taken)},
        SELF_PEER, new int[] {free(taken), free(taken)});
    int dnsPort = free(taken);

    var ca = TestCertificates.ca("Switchboard test CA");
    Path caPem = ca.write(dir.resolve("certs"), "ca")[0];
    Path otherPem = TestCertificates.ca("A CA nobody here uses").write(dir.resolve("certs"), "other-ca")[0];
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW, "proxy." + SW,
        "conference." + SW))
        .write(dir.resolve("certs"), SW);
    swCert = sw[0];
    var caIssued = TestCertificates.server(ca, TestCertificates.Names.dns(CA_PEER, CA_PEER, "conference." + CA_PEER,
        "pubsub." + CA_PEER));
    var selfIssued = TestCertificates.server(null, TestCertificates.Names.dns(SELF_PEER, SELF_PEER,
        "conference." + SELF_PEER, "pubsub." + SELF_PEER));
    Path[] caPeer = caIssued.write(dir.resolve("certs"), CA_PEER);
    Path[] selfPeer = selfIssued.write(dir.resolve("certs"), SELF_PEER);
    Path caPeerKey = EjabberdPeer.writeKey(caIssued.keys(), dir.resolve("certs").resolve(CA_PEER + ".ec.pem"));
    Path selfPeerKey = EjabberdPeer.writeKey(selfIssued.keys(), dir.resolve("certs").resolve(SELF_PEER + ".ec.pem"));
    peerCerts.put(CA_PEER, caPeer[0]);
    peerCerts.put(SELF_PEER, selfPeer[0]);

    Map<String, Integer> srv = new LinkedHashMap<>();
    Map<String, String> targets = new HashMap<>();
    for (String d : List.of(SW, "pubsub." + SW, "conference." + SW)) {
      srv.put(d, swS2s);
      targets.put(d, "127.0.0.1"); // read by ejabberd only; see EjabberdPeer
    }
    for (String p : List.of(CA_PEER, SELF_PEER)) {
      for (String d : List.of(p, "conference." + p, "pubsub." + p)) {
        srv.put(d, ports.get(p)[1]);
      }
    }
    dns = Dnsmasq.start(dir.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv, targets);
    ejabberd.put(CA_PEER, EjabberdPeer.start(dir.resolve("ejabberd-ca"), ports.get(CA_PEER)[0],
        ports.get(CA_PEER)[1], dnsPort, caPem, List.of(new EjabberdPeer.Host(CA_PEER, caPeer[0], caPeerKey)),
        List.<String[]>of(new String[] {"erin", CA_PEER, "erin-pw"})));
    ejabberd.put(SELF_PEER, EjabberdPeer.start(dir.resolve("ejabberd-self"), ports.get(SELF_PEER)[0],
        ports.get(SELF_PEER)[1], dnsPort, otherPem, List.of(new EjabberdPeer.Host(SELF_PEER, selfPeer[0], selfPeerKey)),
        List.<String[]>of(new String[] {"ed", SELF_PEER, "ed-pw"})));
    node = InProcessNode.startWithAccounts("s2s_ejabberd",
        FederationFixture.nodeSettings(SW, sw[0], sw[1], caPem, swS2s, dnsPort), "alice", "bob", "carol");
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
    ejabberd.values().forEach(EjabberdPeer::close);
    if (dns != null) {
      dns.close();
    }
  }

  /** Both ejabberds' log tails, for failure messages. */
  private static String log() {
    StringBuilder b = new StringBuilder();
    ejabberd.forEach((d, e) -> b.append("--- ejabberd of ").append(d).append(":\n").append(e.log()).append('\n'));
    return b.toString();
  }

  private static String peerUser(String peer) {
    return peer.equals(CA_PEER) ? "erin" : "ed";
  }

  private static XMPPTCPConnection peerClient(String peer, String resource) throws Exception {
    String user = peerUser(peer);
    return FederationFixture.login(peer, ejabberd.get(peer).c2sPort(), peerCerts.get(peer), user, user + "-pw", resource);
  }

  private static XMPPTCPConnection swClient(String user, String resource) throws Exception {
    return FederationFixture.login(SW, node.c2sPort(), swCert, user, user + "-pw", resource);
  }

  private static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
    BlockingQueue<Message> q = new LinkedBlockingQueue<>();
    c.addSyncStanzaListener(s -> q.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
    return q;
  }

  private static void chat(XMPPTCPConnection from, String to, String body) throws Exception {
    from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
        .setBody(body).build());
  }

  private static Message next(BlockingQueue<Message> q, String what) throws InterruptedException {
    Message m = q.poll(45, TimeUnit.SECONDS);
    assertThat(m).as(what + "\nejabberd log tail:\n" + log()).isNotNull();
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
      Message got = next(remoteIn, "the ejabberd user got alice's message");
      assertThat(got.getBody()).isEqualTo("hello from switchboard");
      assertThat(got.getFrom().toString()).isEqualTo("alice@" + SW + "/chat");

      chat(remote, "alice@" + SW + "/chat", "hello from ejabberd");
      Message back = next(aliceIn, "alice got the ejabberd user's message");
      assertThat(back.getBody()).isEqualTo("hello from ejabberd");
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
      Await.until("bob sees the ejabberd user online", Duration.ofSeconds(45),
          () -> bobRoster.getPresence(remoteBare).isAvailable(), () -> log());
      Await.until("the ejabberd user sees bob online", Duration.ofSeconds(45),
          () -> remoteRoster.getPresence(bobBare).isAvailable(), () -> log());
      Await.until("both subscriptions are mutual", Duration.ofSeconds(30),
          () -> bobRoster.getEntry(remoteBare) != null && bobRoster.getEntry(remoteBare).canSeeHisPresence()
              && remoteRoster.getEntry(bobBare) != null && remoteRoster.getEntry(bobBare).canSeeHisPresence());
      bob.disconnect();
      Await.until("the ejabberd user sees bob leave", Duration.ofSeconds(30),
          () -> !remoteRoster.getPresence(bobBare).isAvailable());
      // Bob comes back: his server probes the remote contact and learns it is online.
      XMPPTCPConnection bob2 = swClient("bob", "again");
      try {
        Roster again = Roster.getInstanceFor(bob2);
        Await.until("bob, back, sees the ejabberd user online (probe over s2s)", Duration.ofSeconds(30),
            () -> again.getPresence(remoteBare).isAvailable());
        Await.until("the ejabberd user sees bob back", Duration.ofSeconds(30),
            () -> remoteRoster.getPresence(bobBare).isAvailable());
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
      assertThat(theirs.getName()).containsIgnoringCase("ejabberd");

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
      // A node at pubsub.sw.test, a subscriber at ejabberd.
      PubSubManager ours = PubSubManager.getInstanceFor(carol, JidCreate.bareFrom("pubsub." + SW));
      LeafNode news = ours.createNode("news-" + tag);
      LeafNode remoteView = PubSubManager.getInstanceFor(remote, JidCreate.bareFrom("pubsub." + SW))
          .getLeafNode("news-" + tag);
      BlockingQueue<String> remoteItems = new LinkedBlockingQueue<>();
      remoteView.addItemEventListener(e -> e.getItems().forEach(i -> remoteItems.add(String.valueOf(i))));
      remoteView.subscribe(remote.getUser().asBareJid());
      news.publish(new PayloadItem<>("i1", new SimplePayload("<entry xmlns='urn:example:news'>s2s one</entry>")));
      assertThat(remoteItems.poll(45, TimeUnit.SECONDS)).as("notification from pubsub.sw.test at " + peer + "\n" + log())
          .contains("s2s one");

      // A node at pubsub.<ejabberd domain> (mod_pubsub), a subscriber here.
      LeafNode feed = PubSubManager.getInstanceFor(remote, JidCreate.bareFrom("pubsub." + peer)).createNode("feed-" + tag);
      LeafNode ourView = PubSubManager.getInstanceFor(carol, JidCreate.bareFrom("pubsub." + peer)).getLeafNode("feed-" + tag);
      BlockingQueue<String> ourItems = new LinkedBlockingQueue<>();
      ourView.addItemEventListener(e -> e.getItems().forEach(i -> ourItems.add(String.valueOf(i))));
      ourView.subscribe(carol.getUser().asBareJid());
      feed.publish(new PayloadItem<>("j1", new SimplePayload("<entry xmlns='urn:example:news'>s2s two</entry>")));
      assertThat(ourItems.poll(45, TimeUnit.SECONDS)).as("notification from pubsub." + peer + " here\n" + log())
          .contains("s2s two");
    } finally {
      carol.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void muc_switchboardUserJoinsAnEjabberdRoom_andTalks(String peer) throws Exception {
    XMPPTCPConnection remote = peerClient(peer, "muc");
    XMPPTCPConnection alice = swClient("alice", "muc");
    try {
      var room = JidCreate.entityBareFrom("lobby-" + (peer.startsWith("ca") ? "ca" : "self") + "@conference." + peer);
      MultiUserChat owner = MultiUserChatManager.getInstanceFor(remote).getMultiUserChat(room);
      owner.create(Resourcepart.from("owner")).makeInstant();
      BlockingQueue<Message> ownerIn = new LinkedBlockingQueue<>();
      owner.addMessageListener(m -> {
        if (m.getBody() != null) {
          ownerIn.add(m);
        }
      });
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
      Message m = next(guestIn, "groupchat message from the ejabberd room");
      assertThat(m.getBody()).isEqualTo("welcome over s2s");
      assertThat(m.getFrom().toString()).isEqualTo(room + "/owner");
      guest.sendMessage("thanks from switchboard");
      Message reply;
      do {
        reply = next(ownerIn, "alice's groupchat message, reflected by the ejabberd room");
      } while (!reply.getBody().equals("thanks from switchboard"));
      assertThat(reply.getFrom().toString()).isEqualTo(room + "/alice");
      guest.leave();
      Await.until("the owner sees alice leave", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().noneMatch(o -> o.getResourceOrEmpty().toString().equals("alice")));
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CA_PEER, SELF_PEER})
  void muc_ejabberdUserJoinsASwitchboardRoom_andTalks(String peer) throws Exception {
    XMPPTCPConnection alice = swClient("alice", "host");
    XMPPTCPConnection remote = peerClient(peer, "guest");
    try {
      var room = JidCreate.entityBareFrom("hall-" + (peer.startsWith("ca") ? "ca" : "self") + "@conference." + SW);
      MultiUserChat owner = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
      owner.create(Resourcepart.from("alice")).makeInstant();
      BlockingQueue<Message> ownerIn = new LinkedBlockingQueue<>();
      owner.addMessageListener(m -> {
        if (m.getBody() != null) {
          ownerIn.add(m);
        }
      });
      MultiUserChat guest = MultiUserChatManager.getInstanceFor(remote).getMultiUserChat(room);
      BlockingQueue<Message> guestIn = new LinkedBlockingQueue<>();
      guest.addMessageListener(m -> {
        if (m.getBody() != null) {
          guestIn.add(m);
        }
      });
      guest.join(Resourcepart.from("visitor"));
      assertThat(guest.isJoined()).isTrue();
      Await.until("alice sees the ejabberd user in her room", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().anyMatch(o -> o.getResourceOrEmpty().toString().equals("visitor")));
      owner.sendMessage("hello from a switchboard room");
      Message m = next(guestIn, "groupchat message from the Switchboard room at the ejabberd user");
      assertThat(m.getBody()).isEqualTo("hello from a switchboard room");
      assertThat(m.getFrom().toString()).isEqualTo(room + "/alice");
      guest.sendMessage("hello back over s2s");
      Message reply;
      do {
        reply = next(ownerIn, "the ejabberd user's groupchat message in the Switchboard room");
      } while (!reply.getBody().equals("hello back over s2s"));
      assertThat(reply.getFrom().toString()).isEqualTo(room + "/visitor");
      guest.leave();
      Await.until("alice sees the ejabberd user leave", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().noneMatch(o -> o.getResourceOrEmpty().toString().equals("visitor")));
    } finally {
      alice.disconnect();
      remote.disconnect();
    }
  }
}
