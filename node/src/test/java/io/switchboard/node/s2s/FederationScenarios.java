package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.s2s.RemotePeer.Auth;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The federation scenarios every interop peer runs, once per {@link Auth} (one peer domain each):
 * chat both ways over the expected authentication, subscription and presence both ways, disco and
 * version IQs both ways, pub-sub notifications both ways, a Switchboard user in a room of the
 * peer's, PEP notifications both ways. A subclass starts the node, the DNS and the peer, and adds
 * its peer-specific tests.
 */
abstract class FederationScenarios {
  static final String SW = "sw.test";

  /** The Switchboard node under test, with accounts alice, bob and carol. */
  protected abstract InProcessNode node();

  /** The certificate Switchboard's c2s clients trust. */
  protected abstract Path swCert();

  protected abstract RemotePeer remote();

  final XMPPTCPConnection peerClient(String domain, String resource) throws Exception {
    String user = remote().user(domain);
    return FederationFixture.login(domain, remote().c2sPort(domain), remote().certificate(domain), user, user + "-pw",
        resource);
  }

  final XMPPTCPConnection swClient(String user, String resource) throws Exception {
    return FederationFixture.login(SW, node().c2sPort(), swCert(), user, user + "-pw", resource);
  }

  /** A peer client whose caps announce {@code <pepNode>+notify} (XEP-0163 §4 with XEP-0115). */
  final XMPPTCPConnection peerNotifyClient(String domain, String resource, String pepNode) throws Exception {
    String user = remote().user(domain);
    XMPPTCPConnection c = FederationFixture.login(domain, remote().c2sPort(domain), remote().certificate(domain), user,
        user + "-pw", resource, List.of(pepNode + "+notify"));
    Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    return c;
  }

  /** A Switchboard client whose caps announce {@code <pepNode>+notify}. */
  final XMPPTCPConnection swNotifyClient(String user, String resource, String pepNode) throws Exception {
    XMPPTCPConnection c = FederationFixture.login(SW, node().c2sPort(), swCert(), user, user + "-pw", resource,
        List.of(pepNode + "+notify"));
    Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    return c;
  }

  /** The XML of every PEP event notification of {@code pepNode} arriving at {@code c}. */
  static BlockingQueue<String> pepEvents(XMPPTCPConnection c, String pepNode) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    c.addSyncStanzaListener(s -> q.add(s.toXML().toString()), s -> {
      String xml = s.toXML().toString();
      return s instanceof Message && xml.contains("http://jabber.org/protocol/pubsub#event") && xml.contains(pepNode);
    });
    return q;
  }

  /**
   * Publishes {@code payload(i)} to {@code pepNode} of {@code publisher}'s account once a second
   * (bounded) until an event notification containing the published text arrives in {@code events}:
   * the other server learns the subscriber's caps asynchronously (disco#info over s2s). Returns how
   * many publishes it took.
   */
  final int publishUntilNotified(XMPPTCPConnection publisher, String pepNode, String text, BlockingQueue<String> events,
      String what) throws Exception {
    PepManager pep = PepManager.getInstanceFor(publisher);
    for (int i = 1; i <= 30; i++) {
      String mark = text + "-" + i;
      pep.publish(pepNode, new PayloadItem<>("t" + i, new SimplePayload(
          "<tune xmlns='" + pepNode + "'><title>" + mark + "</title></tune>")));
      String got = events.poll(1, TimeUnit.SECONDS);
      while (got != null) {
        if (got.contains(text + "-")) {
          return i;
        }
        got = events.poll(200, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError(what + ": no notification after 30 publishes\n" + remote().product() + " log tail:\n"
        + remote().log());
  }

  static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
    BlockingQueue<Message> q = new LinkedBlockingQueue<>();
    c.addSyncStanzaListener(s -> q.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
    return q;
  }

  static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
    Message m = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
        .setBody(body).build();
    from.sendStanza(m);
    return m;
  }

  final Message next(BlockingQueue<Message> q, String what) throws InterruptedException {
    Message m = q.poll(45, TimeUnit.SECONDS);
    assertThat(m).as(what + "\n" + remote().product() + " log tail:\n" + remote().log()).isNotNull();
    return m;
  }

  @ParameterizedTest
  @EnumSource(Auth.class)
  void chat_bothDirections_overTheExpectedAuthentication(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    String product = remote().product();
    XMPPTCPConnection alice = swClient("alice", "chat");
    XMPPTCPConnection remoteClient = peerClient(peer, "chat");
    try {
      BlockingQueue<Message> aliceIn = inbox(alice);
      BlockingQueue<Message> remoteIn = inbox(remoteClient);
      String remoteJid = remote().user(peer) + "@" + peer;
      chat(alice, remoteJid + "/chat", "hello from switchboard");
      Message got = next(remoteIn, "the " + product + " user got alice's message");
      assertThat(got.getBody()).isEqualTo("hello from switchboard");
      assertThat(got.getFrom().toString()).isEqualTo("alice@" + SW + "/chat");

      String hello = "hello from " + product.toLowerCase(java.util.Locale.ROOT);
      chat(remoteClient, "alice@" + SW + "/chat", hello);
      Message back = next(aliceIn, "alice got the " + product + " user's message");
      assertThat(back.getBody()).isEqualTo(hello);
      assertThat(back.getFrom().toString()).isEqualTo(remoteJid + "/chat");

      String expected = auth.reported();
      Await.until("the outgoing stream to " + peer + " is authenticated by " + expected, Duration.ofSeconds(10),
          () -> expected.equals(FederationFixture.auth(node(), "out", SW, peer)));
      Await.until("the incoming stream from " + peer + " is authenticated by " + expected, Duration.ofSeconds(10),
          () -> expected.equals(FederationFixture.auth(node(), "in", SW, peer)));
    } finally {
      alice.disconnect();
      remoteClient.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(Auth.class)
  void subscription_andPresence_bothWays_andUnavailableWhenTheUserLeaves(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    String product = remote().product();
    XMPPTCPConnection bob = swClient("bob", "roster");
    XMPPTCPConnection remoteClient = peerClient(peer, "roster");
    try {
      Roster bobRoster = Roster.getInstanceFor(bob);
      Roster remoteRoster = Roster.getInstanceFor(remoteClient);
      bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      remoteRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      var remoteBare = JidCreate.bareFrom(remote().user(peer) + "@" + peer);
      var bobBare = JidCreate.bareFrom("bob@" + SW);
      bobRoster.createItemAndRequestSubscription(remoteBare, "remote", null);
      remoteRoster.createItemAndRequestSubscription(bobBare, "bob", null);
      Await.until("bob sees the " + product + " user online", Duration.ofSeconds(45),
          () -> bobRoster.getPresence(remoteBare).isAvailable(), () -> remote().log());
      Await.until("the " + product + " user sees bob online", Duration.ofSeconds(45),
          () -> remoteRoster.getPresence(bobBare).isAvailable(), () -> remote().log());
      assertThat(bobRoster.getEntry(remoteBare).canSeeHisPresence()).isTrue();
      Await.until("both subscriptions are mutual", Duration.ofSeconds(30),
          () -> bobRoster.getEntry(remoteBare) != null && bobRoster.getEntry(remoteBare).canSeeHisPresence()
              && remoteRoster.getEntry(bobBare) != null && remoteRoster.getEntry(bobBare).canSeeHisPresence());
      bob.disconnect();
      Await.until("the " + product + " user sees bob leave", Duration.ofSeconds(30),
          () -> !remoteRoster.getPresence(bobBare).isAvailable());
      // Bob comes back: his server probes the remote contact and learns it is online.
      XMPPTCPConnection bob2 = swClient("bob", "again");
      try {
        Roster again = Roster.getInstanceFor(bob2);
        Await.until("bob, back, sees the " + product + " user online (probe over s2s)", Duration.ofSeconds(30),
            () -> again.getPresence(remoteBare).isAvailable());
        Await.until("the " + product + " user sees bob back", Duration.ofSeconds(30),
            () -> remoteRoster.getPresence(bobBare).isAvailable());
      } finally {
        bob2.disconnect();
      }
    } finally {
      bob.disconnect();
      remoteClient.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(Auth.class)
  void iq_discoAndVersion_bothDirections(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    XMPPTCPConnection alice = swClient("alice", "iq");
    XMPPTCPConnection remoteClient = peerClient(peer, "iq");
    try {
      DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.from(peer));
      assertThat(info.getIdentities()).anyMatch(i -> i.getCategory().equals("server"));
      Version theirs = VersionManager.getInstanceFor(alice).getVersion(JidCreate.from(peer));
      assertThat(theirs.getName()).containsIgnoringCase(remote().product());

      Version ours = VersionManager.getInstanceFor(remoteClient).getVersion(JidCreate.from(SW));
      assertThat(ours.getName()).containsIgnoringCase("switchboard");
      DiscoverInfo ourInfo = ServiceDiscoveryManager.getInstanceFor(remoteClient).discoverInfo(JidCreate.from(SW));
      assertThat(ourInfo.getIdentities()).anyMatch(i -> i.getCategory().equals("server"));
    } finally {
      alice.disconnect();
      remoteClient.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(Auth.class)
  void pubsub_remoteSubscribers_getNotifications_bothWays(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    XMPPTCPConnection carol = swClient("carol", "ps");
    XMPPTCPConnection remoteClient = peerClient(peer, "ps");
    String tag = auth.tag();
    try {
      // A node at pubsub.sw.test, a subscriber at the peer.
      PubSubManager ours = PubSubManager.getInstanceFor(carol, JidCreate.bareFrom("pubsub." + SW));
      LeafNode news = ours.createNode("news-" + tag);
      LeafNode remoteView = PubSubManager.getInstanceFor(remoteClient, JidCreate.bareFrom("pubsub." + SW))
          .getLeafNode("news-" + tag);
      BlockingQueue<String> remoteItems = new LinkedBlockingQueue<>();
      remoteView.addItemEventListener(e -> e.getItems().forEach(i -> remoteItems.add(String.valueOf(i))));
      remoteView.subscribe(remoteClient.getUser().asBareJid());
      news.publish(new PayloadItem<>("i1", new SimplePayload("<entry xmlns='urn:example:news'>s2s one</entry>")));
      assertThat(remoteItems.poll(45, TimeUnit.SECONDS))
          .as("notification from pubsub.sw.test at " + peer + "\n" + remote().log()).contains("s2s one");

      // A node at the peer's pub-sub service, a subscriber here.
      var service = JidCreate.bareFrom(remote().pubsubService(peer));
      LeafNode feed = PubSubManager.getInstanceFor(remoteClient, service).createNode("feed-" + tag);
      LeafNode ourView = PubSubManager.getInstanceFor(carol, service).getLeafNode("feed-" + tag);
      BlockingQueue<String> ourItems = new LinkedBlockingQueue<>();
      ourView.addItemEventListener(e -> e.getItems().forEach(i -> ourItems.add(String.valueOf(i))));
      ourView.subscribe(carol.getUser().asBareJid());
      feed.publish(new PayloadItem<>("j1", new SimplePayload("<entry xmlns='urn:example:news'>s2s two</entry>")));
      assertThat(ourItems.poll(45, TimeUnit.SECONDS)).as("notification from " + service + " here\n" + remote().log())
          .contains("s2s two");
    } finally {
      carol.disconnect();
      remoteClient.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(Auth.class)
  void muc_switchboardUserJoinsARemoteRoom_andTalks(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    String product = remote().product();
    XMPPTCPConnection remoteClient = peerClient(peer, "muc");
    XMPPTCPConnection alice = swClient("alice", "muc");
    try {
      var room = JidCreate.entityBareFrom("lobby-" + auth.tag() + "@" + remote().mucService(peer));
      MultiUserChat owner = MultiUserChatManager.getInstanceFor(remoteClient).getMultiUserChat(room);
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
      Message m = next(guestIn, "groupchat message from the " + product + " room");
      assertThat(m.getBody()).isEqualTo("welcome over s2s");
      assertThat(m.getFrom().toString()).isEqualTo(room + "/owner");
      guest.sendMessage("thanks from switchboard");
      Message reply;
      do {
        reply = next(ownerIn, "alice's groupchat message, reflected by the " + product + " room");
      } while (!reply.getBody().equals("thanks from switchboard"));
      assertThat(reply.getFrom().toString()).isEqualTo(room + "/alice");
      guest.leave();
      Await.until("the owner sees alice leave", Duration.ofSeconds(30),
          () -> owner.getOccupants().stream().noneMatch(o -> o.getResourceOrEmpty().toString().equals("alice")));
    } finally {
      alice.disconnect();
      remoteClient.disconnect();
    }
  }

  /**
   * XEP-0163 over s2s, both ways, between contacts with a mutual presence subscription whose caps
   * announce {@code <node>+notify}: each server resolves the other side's caps (disco#info to the
   * remote full JID) and notifies it of its user's publishes; a resource of either side that
   * becomes available later with the same caps gets the last published item (§4.3.2/§6.2).
   */
  @ParameterizedTest
  @EnumSource(Auth.class)
  void pep_notifications_bothWays_andTheLastItemOnBecomingAvailable(Auth auth) throws Exception {
    String peer = remote().domain(auth);
    String product = remote().product();
    String tune = "http://jabber.org/protocol/tune";
    String tag = auth.tag();
    XMPPTCPConnection carol = swNotifyClient("carol", "pep", tune);
    XMPPTCPConnection remoteClient = peerNotifyClient(peer, "pep", tune);
    XMPPTCPConnection carol2 = null;
    XMPPTCPConnection remote2 = null;
    try {
      BlockingQueue<String> atCarol = pepEvents(carol, tune);
      BlockingQueue<String> atRemote = pepEvents(remoteClient, tune);
      Roster carolRoster = Roster.getInstanceFor(carol);
      Roster remoteRoster = Roster.getInstanceFor(remoteClient);
      var remoteBare = JidCreate.bareFrom(remote().user(peer) + "@" + peer);
      var carolBare = JidCreate.bareFrom("carol@" + SW);
      carolRoster.createItemAndRequestSubscription(remoteBare, "remote", null);
      remoteRoster.createItemAndRequestSubscription(carolBare, "carol", null);
      Await.until("carol and the " + product + " user see each other online", Duration.ofSeconds(45),
          () -> carolRoster.getPresence(remoteBare).isAvailable() && remoteRoster.getPresence(carolBare).isAvailable(),
          () -> remote().log());
      // Mutual subscription first, then a fresh available presence from both: seeing each other
      // online can come while one side's approval is still on its way, and a server may choose its
      // PEP recipients when its user broadcasts presence (ejabberd 23.01 once never notified carol
      // in 30 publishes when her approval crossed its user's initial presence).
      Await.until("both subscriptions mutual", Duration.ofSeconds(45),
          () -> mutual(carolRoster, remoteBare) && mutual(remoteRoster, carolBare), () -> remote().log());
      carol.sendStanza(carol.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).build());
      remoteClient.sendStanza(remoteClient.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).build());

      String fromSw = "sw-" + tag;
      int swPublishes = publishUntilNotified(carol, tune, fromSw, atRemote,
          "carol's PEP publish reaches the " + product + " user over s2s");
      String fromPeer = product.toLowerCase(java.util.Locale.ROOT) + "-" + tag;
      int peerPublishes = publishUntilNotified(remoteClient, tune, fromPeer, atCarol,
          "the " + product + " user's PEP publish reaches carol over s2s");
      System.out.printf("[figures] PEP over s2s with %s (%s): %d publish(es) until notified there, %d here%n",
          product, auth, swPublishes, peerPublishes);

      // A second resource on each side, same caps: it gets the other side's last item unasked.
      remote2 = peerNotifyClient(peer, "pep2", tune);
      BlockingQueue<String> atRemote2 = pepEvents(remote2, tune);
      String lastSw = fromSw + "-" + swPublishes;
      awaitEvent(atRemote2, lastSw, "carol's last item reaches the " + product + " user's new resource");
      carol2 = swNotifyClient("carol", "pep2", tune);
      BlockingQueue<String> atCarol2 = pepEvents(carol2, tune);
      String lastPeer = fromPeer + "-" + peerPublishes;
      awaitEvent(atCarol2, lastPeer, "the " + product + " user's last item reaches carol's new resource");
    } finally {
      carol.disconnect();
      remoteClient.disconnect();
      if (carol2 != null) {
        carol2.disconnect();
      }
      if (remote2 != null) {
        remote2.disconnect();
      }
    }
  }

  private static boolean mutual(Roster roster, org.jxmpp.jid.BareJid contact) {
    var entry = roster.getEntry(contact);
    return entry != null && entry.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both;
  }

  private void awaitEvent(BlockingQueue<String> events, String text, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String got = events.poll(1, TimeUnit.SECONDS);
      if (got != null && got.contains(text)) {
        return;
      }
    }
    throw new AssertionError(what + ": no event with " + text + "\n" + remote().product() + " log tail:\n"
        + remote().log());
  }
}
