package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Federation with Debian's Prosody 0.12, both directions, over real s2s streams on loopback. One
 * Prosody serves two domains: {@code ca.prosody.test} has a certificate from the test CA that
 * Switchboard trusts and trusts Switchboard's (so both directions use SASL EXTERNAL), and
 * {@code self.prosody.test} has a self-signed certificate and trusts another CA (so both
 * directions fall back to XEP-0220 dialback, with Prosody connecting back to verify keys). Names
 * resolve through a private dnsmasq (SRV records pointing at the free ports), which Prosody
 * (lua-unbound) and Switchboard ({@code switchboard.s2s.dns-server}) both use. Clients on both
 * sides are Smack. The scenarios both peers run are in {@link FederationScenarios}; here are
 * Prosody's own: bad input on raw s2s streams, pings on idle streams, a peer that stops answering.
 * The set-up is {@link ProsodyFederation}, shared with {@link ProsodyBidiIT}.
 */
@ExtendWith(CassandraExtension.class)
class ProsodyFederationIT extends FederationScenarios {
  static final String CA_PEER = ProsodyFederation.CA_PEER;
  static final String SELF_PEER = ProsodyFederation.SELF_PEER;
  static final String ROGUE = ProsodyFederation.ROGUE;

  static final Duration PING_INTERVAL = ProsodyFederation.PING_INTERVAL;
  static final Duration PING_TIMEOUT = ProsodyFederation.PING_TIMEOUT;
  static final Duration LOSS_GRACE = Duration.ofSeconds(2);
  /** The first try of a lost domain after the announcement (then 4 s, 8 s...). */
  static final Duration LOSS_RETRY_FIRST = Duration.ofSeconds(2);

  private static ProsodyFederation fed;
  private static ProsodyPeer prosody;
  private static InProcessNode node;
  private static int swS2sPort;
  /** Where {@link #ROGUE}'s raw receiving server listens (its SRV record). */
  private static int rogueS2sPort;
  private static TestCertificates.Issued[] rogueCert;
  /** reference.conf's max-dialback-pending. */
  static final int MAX_DIALBACK_PENDING = 10;
  /** Sender domains a raw peer names in {@code <db:result/>}s, each with its own SRV port. */
  static final List<String> FLOOD = java.util.stream.IntStream.range(0, MAX_DIALBACK_PENDING + 5)
      .mapToObj(i -> "d" + i + ".flood.test").toList();

  @BeforeAll
  static void start() throws Exception {
    fed = ProsodyFederation.start("s2s-prosody", "s2s_prosody", Map.of(
            // Short presence-loss grace, so that dead streams show within seconds.
            "switchboard.s2s.presence-loss.grace", LOSS_GRACE.toMillis() + "ms",
            "switchboard.s2s.presence-loss.retry-first", LOSS_RETRY_FIRST.toMillis() + "ms",
            // Prosody offers and asks for XEP-0288, we do neither: every scenario runs on two one-way
            // streams per domain pair, as with a server without it (ProsodyBidiIT has it on).
            "switchboard.s2s.bidi", false),
        FLOOD, "alice", "bob", "carol", "dave");
    node = fed.node();
    prosody = fed.prosody();
    swS2sPort = fed.swS2sPort();
    rogueS2sPort = fed.rawPort(ROGUE);
    rogueCert = fed.rawCert(ROGUE);
  }

  @AfterAll
  static void stop() {
    if (fed != null) {
      fed.close();
    }
  }

  private static final RemotePeer REMOTE = new RemotePeer() {
    @Override
    public String product() {
      return "Prosody";
    }

    @Override
    public String domain(Auth auth) {
      return auth == Auth.SASL_EXTERNAL ? CA_PEER : SELF_PEER;
    }

    @Override
    public String user(String domain) {
      return domain.equals(CA_PEER) ? "pat" : "sam";
    }

    @Override
    public int c2sPort(String domain) {
      return prosody.c2sPort();
    }

    @Override
    public Path certificate(String domain) {
      return fed.peerCert(domain);
    }

    @Override
    public String log() {
      return prosody.log();
    }
  };

  @Override
  protected InProcessNode node() {
    return node;
  }

  @Override
  protected Path swCert() {
    return fed.swCert();
  }

  @Override
  protected RemotePeer remote() {
    return REMOTE;
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

  /**
   * XEP-0288 off on our side, on on Prosody's: we neither offer nor ask for it, so each direction
   * has its own one-way stream (ProsodyBidiIT has one stream with it on).
   */
  @org.junit.jupiter.api.Test
  void bidiOffHere_prosodyOffersIt_twoOneWayStreams() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "nobidi");
    XMPPTCPConnection pat = peerClient(CA_PEER, "nobidi");
    try {
      BlockingQueue<Message> patIn = inbox(pat);
      BlockingQueue<Message> aliceIn = inbox(alice);
      chat(alice, "pat@" + CA_PEER + "/nobidi", "one way");
      next(patIn, "pat got alice's message");
      chat(pat, "alice@" + SW + "/nobidi", "the other way");
      next(aliceIn, "alice got pat's message");
      Await.until("an outgoing and an incoming stream with " + CA_PEER, Duration.ofSeconds(10),
          () -> stream("out", CA_PEER) != null && stream("in", CA_PEER) != null);
      assertThat(FederationFixture.streams(node)).filteredOn(s -> s.remote().equals(CA_PEER))
          .extracting(S2sStreams.Info::bidi).containsOnly(false);
    } finally {
      alice.disconnect();
      pat.disconnect();
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
   * period dave, who saw pat's full JID available, gets unavailable presence from it. Then Prosody
   * continues (SIGCONT): when its domain's streams come back, dave's server probes pat and dave
   * sees pat/loss available again, without pat sending anything.
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

      // Prosody continues; pat sends nothing new. Once a stream from ca.prosody.test authenticates
      // again, dave's account probes pat (RFC 6121 §4.3) and Prosody answers with pat's presence.
      fromPat.clear();
      long resumed = System.nanoTime();
      prosody.resume();
      paused = false;
      Presence back = fromPat.poll(90, TimeUnit.SECONDS);
      assertThat(back).as("dave got presence from pat/loss after Prosody came back\n" + prosody.log()).isNotNull();
      assertThat(back.getType()).isEqualTo(Presence.Type.available);
      System.out.printf("s2s presence return: available from %s %d ms after Prosody continued%n", patFull,
          (System.nanoTime() - resumed) / 1_000_000);
      Await.until("dave's roster shows pat/loss available again", Duration.ofSeconds(10),
          () -> daveRoster.getPresenceResource(patFull).isAvailable(), () -> prosody.log());
    } finally {
      if (paused) {
        prosody.resume();
      }
      dave.disconnect();
      pat.disconnect();
    }
  }

  /**
   * A peer that comes back but never opens a stream to us (a raw server for {@link #ROGUE} that
   * only receives, and a raw incoming stream from it that carries eve's presence). When both go
   * away without a word, dave gets unavailable from eve/x; when the server listens again, nobody
   * here sends it anything and it sends nothing, yet the cluster tries it again, its outgoing
   * stream authenticates, and that counts as the return: dave's account probes eve over it.
   */
  @org.junit.jupiter.api.Test
  void presence_silentPeerComesBack_seenOnOurOutgoingStream_contactProbed() throws Exception {
    XMPPTCPConnection dave = swClient("dave", "silent");
    RawS2sServer rogueServer = new RawS2sServer(rogueS2sPort, ROGUE, rogueCert);
    RawS2sPeer peer = null;
    try {
      rogueServer.start();
      Roster daveRoster = Roster.getInstanceFor(dave);
      var eveBare = JidCreate.bareFrom("eve@" + ROGUE);
      var eveFull = JidCreate.fullFrom("eve@" + ROGUE + "/x");
      BlockingQueue<Presence> fromEve = new LinkedBlockingQueue<>();
      dave.addSyncStanzaListener(p -> fromEve.add((Presence) p),
          p -> p instanceof Presence pr && eveFull.equals(pr.getFrom()));
      daveRoster.createItemAndRequestSubscription(eveBare, "eve", null);
      Await.until("the subscription request reached " + ROGUE, Duration.ofSeconds(30),
          () -> rogueServer.received().contains("subscribe"), () -> FederationFixture.streams(node).toString());

      // eve's server approves and eve is available, over its own (raw) stream to us.
      peer = new RawS2sPeer(swS2sPort);
      peer.externalAs(ROGUE, SW, rogueCert);
      peer.send("<presence type='subscribed' from='eve@" + ROGUE + "' to='dave@" + SW + "'/>");
      peer.send("<presence from='eve@" + ROGUE + "/x' to='dave@" + SW + "'/>");
      Presence here = fromEve.poll(30, TimeUnit.SECONDS);
      assertThat(here).as("dave sees eve/x available").isNotNull();
      assertThat(here.getType()).isEqualTo(Presence.Type.available);

      // The peer goes away without a word: its stream to us and its server.
      rogueServer.stop();
      peer.close();
      Presence gone = fromEve.poll(45, TimeUnit.SECONDS);
      assertThat(gone).as("dave got presence from eve/x after its server went away").isNotNull();
      assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);

      // The server is back and stays silent; nobody here sends it anything.
      rogueServer.clear();
      int before = rogueServer.authenticated();
      long back = System.nanoTime();
      rogueServer.start();
      Await.until("dave's account probed eve over our outgoing stream", Duration.ofSeconds(60),
          () -> java.util.regex.Pattern.compile("<presence[^>]*type=.probe").matcher(rogueServer.received()).find(),
          () -> "received: " + rogueServer.received() + "\n" + FederationFixture.streams(node));
      assertThat(rogueServer.authenticated()).as("our outgoing stream authenticated again").isGreaterThan(before);
      assertThat(rogueServer.received()).contains("dave@" + SW).contains("eve@" + ROGUE);
      System.out.printf("s2s silent peer: probe from dave %d ms after %s listened again%n",
          (System.nanoTime() - back) / 1_000_000, ROGUE);
    } finally {
      if (peer != null) {
        peer.close();
      }
      rogueServer.close();
      dave.disconnect();
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
      peer.externalAs(ROGUE, SW, rogueCert);
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

  /**
   * A stranger asking us, the authoritative server, to check dialback keys without ever
   * authenticating gets {@code max-dialback-verifies} answers (reference.conf's 10) and then
   * {@code <policy-violation/>}: without the bound every request was answered.
   */
  @org.junit.jupiter.api.Test
  void badInput_dialbackVerifyFloodBeforeAuthentication_policyViolationAfterTheMaximum() throws Exception {
    int max = 10;
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      peer.send(RawS2sPeer.header(ROGUE, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(ROGUE, SW);
      StringBuilder flood = new StringBuilder();
      for (int i = 0; i < max + 5; i++) {
        flood.append("<db:verify from='").append(ROGUE).append("' to='").append(SW).append("' id='stream").append(i)
            .append("'>").append(String.format("%064x", i)).append("</db:verify>");
      }
      peer.send(flood.toString());
      String answer = peer.readUntil("</stream:stream>", 20_000);
      assertThat(answer).contains("<policy-violation");
      assertThat(java.util.regex.Pattern.compile("<(db:)?verify[^>]*type=.invalid").matcher(answer).results().count())
          .as("answers before the stream error: %s", answer).isEqualTo(max);
    }
  }

  /**
   * XEP-0220 §2.2.1, §2.4: a {@code <db:result/>} for a domain we do not host is answered with the
   * dialback error {@code <item-not-found/>} (from the domain it named), and so is a
   * {@code <db:verify/>}; neither is a stream error, the stream stays open for other pairs (it
   * was closed with {@code <host-unknown/>} before).
   */
  @org.junit.jupiter.api.Test
  void badInput_dialbackForADomainNotHostedHere_itemNotFoundDialbackError_streamStaysOpen() throws Exception {
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      peer.send(RawS2sPeer.header(ROGUE, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(ROGUE, SW);
      peer.send("<db:result from='" + ROGUE + "' to='nowhere.example'>" + "0".repeat(64) + "</db:result>");
      String answer = peer.readUntil("</db:result>", 10_000);
      assertThat(answer).containsPattern("<(db:)?result[^>]*from=.nowhere\\.example[^>]*type=.error|"
          + "<(db:)?result[^>]*type=.error[^>]*from=.nowhere\\.example").contains("<item-not-found")
          .doesNotContain("</stream:stream>");
      peer.send("<db:verify from='" + ROGUE + "' to='nowhere.example' id='s1'>" + "0".repeat(64) + "</db:verify>");
      answer = peer.readUntil("</db:verify>", 10_000);
      assertThat(answer).containsPattern("<(db:)?verify[^>]*type=.error").doesNotContain("</stream:stream>");
    }
  }

  /**
   * One incoming stream names {@code max-dialback-pending} + 5 sender domains in
   * {@code <db:result/>}s at once; each would make us look the domain up and connect to its
   * authoritative server (here: silent listeners that accept and never answer, so the checks stay
   * pending). Only {@code max-dialback-pending} are tried; the rest get the dialback error
   * {@code <policy-violation/>} and the stream stays open. Without the bound all were tried and
   * none answered.
   */
  @org.junit.jupiter.api.Test
  void badInput_dialbackResultFlood_onlyMaxPendingTried_restPolicyViolationDialbackError() throws Exception {
    List<java.net.ServerSocket> silent = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger connected = new java.util.concurrent.atomic.AtomicInteger();
    List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RawS2sPeer peer = new RawS2sPeer(swS2sPort)) {
      for (String d : FLOOD) {
        java.net.ServerSocket s = new java.net.ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), fed.rawPort(d)));
        silent.add(s);
        Thread t = new Thread(() -> {
          try {
            while (true) {
              accepted.add(s.accept());
              connected.incrementAndGet();
            }
          } catch (java.io.IOException closed) {
            // the test is over
          }
        }, "silent-" + d);
        t.setDaemon(true);
        t.start();
      }
      peer.send(RawS2sPeer.header(ROGUE, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(ROGUE, SW);
      StringBuilder flood = new StringBuilder();
      for (String d : FLOOD) {
        flood.append("<db:result from='").append(d).append("' to='").append(SW).append("'>").append("0".repeat(64))
            .append("</db:result>");
      }
      peer.send(flood.toString());
      int refused = FLOOD.size() - MAX_DIALBACK_PENDING;
      java.util.regex.Pattern error = java.util.regex.Pattern.compile(
          "<(db:)?result[^>]*type=.error.*?<policy-violation.*?</(db:)?result>", java.util.regex.Pattern.DOTALL);
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < end && error.matcher(peer.text()).results().count() < refused
          && !peer.text().contains("</stream:stream>")) {
        peer.readUntil("</stream:stream>", 200);
      }
      Await.until(MAX_DIALBACK_PENDING + " verification connections", Duration.ofSeconds(20),
          () -> connected.get() >= MAX_DIALBACK_PENDING, () -> connected.get() + " connections");
      peer.readUntil("</stream:stream>", 1_000);
      assertThat(error.matcher(peer.text()).results().count()).as(peer.text()).isEqualTo(refused);
      assertThat(peer.text()).as("dialback errors are not stream errors").doesNotContain("</stream:stream>");
      assertThat(connected.get()).as("authoritative servers tried").isEqualTo(MAX_DIALBACK_PENDING);
    } finally {
      for (java.net.ServerSocket s : silent) {
        s.close();
      }
      for (java.net.Socket c : accepted) {
        c.close();
      }
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
