package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.node.net.LingeringClose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0288 bidirectional s2s streams with Debian's Prosody 0.12 ({@code mod_s2s_bidi} loaded),
 * both sides with it on: messages go both ways over one TCP connection, whichever side dials, with
 * SASL EXTERNAL ({@code ca.prosody.test}) and with dialback ({@code self.prosody.test}); and when
 * the peer's bidirectional stream dies, our stanzas go on a new outgoing stream. The set-up is
 * {@link ProsodyFederation}, as for {@link ProsodyFederationIT} (which runs everything with XEP-0288
 * off on our side). Run with {@code -Dswitchboard.it.bidi=false} to see the one-connection
 * assertions fail.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProsodyBidiIT {
  static final String SW = ProsodyFederation.SW;
  static final String CA_PEER = ProsodyFederation.CA_PEER;
  static final String SELF_PEER = ProsodyFederation.SELF_PEER;
  static final String ROGUE = ProsodyFederation.ROGUE;
  /** A raw peer that does not read. */
  static final String MUTE = "mute.test";
  /** A raw receiving server that does not read. */
  static final String DEAF = "deaf.test";
  /** The node's bound on bytes waiting for a peer (the minimum), so that a few chats reach it. */
  static final int MAX_PENDING = 65_536;
  /** Chats of 16 KB sent at most to a peer that does not read (about 5 MB). */
  static final int MAX_CHATS = 300;
  /** Dialback verifications (with 1,000-character ids) a peer that does not read asks for: about 8 MB of answers. */
  static final int VERIFIES = 8_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private static ProsodyFederation fed;
  private static InProcessNode node;
  private static ProsodyPeer prosody;

  @BeforeAll
  static void start() throws Exception {
    // The default is on; off only to show that the assertions below need it.
    fed = ProsodyFederation.start("s2s-prosody-bidi", "s2s_bidi",
        Map.of("switchboard.s2s.bidi", !"false".equals(System.getProperty("switchboard.it.bidi")),
            "switchboard.s2s.max-pending-outbound-bytes", MAX_PENDING,
            // The peer-does-not-read test needs thousands of answers piling up unread; the bound on
            // verifications before authentication (10 by default) is ProsodyFederationIT's test.
            "switchboard.s2s.max-dialback-verifies", VERIFIES + 1),
        List.of(DEAF), "alice", "bob");
    node = fed.node();
    prosody = fed.prosody();
  }

  @AfterAll
  static void stop() {
    if (fed != null) {
      fed.close();
    }
  }

  /**
   * alice writes first, so Switchboard dials: Prosody offers bidi, we ask for it, authenticate by
   * SASL EXTERNAL, and pat's answers come back on our outgoing stream. One stream in the status,
   * one established TCP connection between the two servers' s2s ports.
   */
  @Test
  @Order(1)
  void external_weDialFirst_oneConnectionCarriesBothWays() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "bidi1");
    XMPPTCPConnection pat = peerClient(CA_PEER, "pat", "bidi1");
    try {
      BlockingQueue<Message> aliceIn = FederationScenarios.inbox(alice);
      BlockingQueue<Message> patIn = FederationScenarios.inbox(pat);
      for (int i = 1; i <= 3; i++) {
        FederationScenarios.chat(alice, "pat@" + CA_PEER + "/bidi1", "to pat " + i);
        assertThat(next(patIn, "pat got alice's message " + i).getBody()).isEqualTo("to pat " + i);
        FederationScenarios.chat(pat, "alice@" + SW + "/bidi1", "to alice " + i);
        Message back = next(aliceIn, "alice got pat's message " + i);
        assertThat(back.getBody()).isEqualTo("to alice " + i);
        assertThat(back.getFrom().toString()).isEqualTo("pat@" + CA_PEER + "/bidi1");
      }
      List<S2sStreams.Info> streams = with(CA_PEER);
      assertThat(streams).as("our streams with " + CA_PEER).hasSize(1);
      S2sStreams.Info only = streams.get(0);
      assertThat(only.direction()).isEqualTo("out");
      assertThat(only.bidi()).isTrue();
      assertThat(only.auth()).isEqualTo("sasl-external");
      assertThat(establishedBetweenTheServers()).as("TCP connections between the s2s ports\n" + ss())
          .isEqualTo(1);
    } finally {
      alice.disconnect();
      pat.disconnect();
    }
  }

  /**
   * sam writes first, so Prosody dials us (asking for bidi, authenticating by dialback, which we
   * check over a short verification connection); alice's answers then go on Prosody's stream: we
   * never open an outgoing stream to {@code self.prosody.test}.
   */
  @Test
  @Order(2)
  void dialback_peerDialsFirst_ourStanzasGoOnItsStream() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "bidi2");
    XMPPTCPConnection sam = peerClient(SELF_PEER, "sam", "bidi2");
    try {
      BlockingQueue<Message> aliceIn = FederationScenarios.inbox(alice);
      BlockingQueue<Message> samIn = FederationScenarios.inbox(sam);
      for (int i = 1; i <= 3; i++) {
        FederationScenarios.chat(sam, "alice@" + SW + "/bidi2", "to alice " + i);
        assertThat(next(aliceIn, "alice got sam's message " + i).getBody()).isEqualTo("to alice " + i);
        FederationScenarios.chat(alice, "sam@" + SELF_PEER + "/bidi2", "to sam " + i);
        assertThat(next(samIn, "sam got alice's message " + i).getBody()).isEqualTo("to sam " + i);
      }
      List<S2sStreams.Info> streams = with(SELF_PEER);
      assertThat(streams).as("our streams with " + SELF_PEER).hasSize(1);
      S2sStreams.Info only = streams.get(0);
      assertThat(only.direction()).isEqualTo("in");
      assertThat(only.bidi()).isTrue();
      assertThat(only.auth()).isEqualTo("dialback");
      assertThat(only.stanzas()).as("sam's messages came in on it").isGreaterThanOrEqualTo(3);
    } finally {
      alice.disconnect();
      sam.disconnect();
    }
  }

  /**
   * Prosody stops answering (SIGSTOP): the bidirectional stream from {@code self.prosody.test}
   * dies on unanswered pings. A message alice sends meanwhile waits in the pair's queue and, once
   * Prosody continues, goes on a new outgoing stream that Switchboard dials.
   */
  @Test
  @Order(3)
  void peersBidiStreamDies_queuedStanzaGoesOnANewOutgoingStream() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "bidi3");
    XMPPTCPConnection sam = peerClient(SELF_PEER, "sam", "bidi3");
    boolean paused = false;
    try {
      BlockingQueue<Message> aliceIn = FederationScenarios.inbox(alice);
      BlockingQueue<Message> samIn = FederationScenarios.inbox(sam);
      FederationScenarios.chat(sam, "alice@" + SW + "/bidi3", "hello");
      next(aliceIn, "alice got sam's message");
      Await.until("a bidirectional stream from " + SELF_PEER, Duration.ofSeconds(10),
          () -> with(SELF_PEER).stream().anyMatch(s -> s.direction().equals("in") && s.bidi()));
      prosody.pause();
      paused = true;
      Await.until("the stream from " + SELF_PEER + " closed as dead", Duration.ofSeconds(60),
          () -> with(SELF_PEER).stream().noneMatch(s -> s.direction().equals("in")),
          () -> FederationFixture.streams(node).toString());
      FederationScenarios.chat(alice, "sam@" + SELF_PEER + "/bidi3", "while you were away");
      Thread.sleep(1000);
      prosody.resume();
      paused = false;
      assertThat(next(samIn, "sam got the message alice sent while Prosody was stopped").getBody())
          .isEqualTo("while you were away");
      assertThat(with(SELF_PEER)).extracting(S2sStreams.Info::direction).contains("out");
    } finally {
      if (paused) {
        prosody.resume();
      }
      alice.disconnect();
      sam.disconnect();
    }
  }

  /**
   * A raw receiving server for {@code rogue.test} offers bidi: on our outgoing stream (asked for
   * bidi, SASL EXTERNAL) it sends a message from its own domain, delivered, then one claiming
   * {@code ca.prosody.test}: our stream closes with {@code <invalid-from/>} and that one is not
   * delivered, as on an incoming stream.
   */
  @Test
  @Order(4)
  void rawBidiPeer_onOurOutgoingStream_onlyItsOwnDomainAccepted() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "bidi4");
    try (RawS2sServer rogue = new RawS2sServer(fed.rawPort(ROGUE), ROGUE, fed.rawCert(ROGUE))) {
      rogue.bidi(List.of(
          "<message from='eve@" + ROGUE + "/x' to='alice@" + SW + "/bidi4' type='chat'><body>own domain</body></message>",
          "<message from='pat@" + CA_PEER + "/x' to='alice@" + SW + "/bidi4' type='chat'><body>spoofed</body></message>"));
      rogue.start();
      BlockingQueue<Message> aliceIn = FederationScenarios.inbox(alice);
      FederationScenarios.chat(alice, "eve@" + ROGUE + "/x", "hello eve");
      Message own = aliceIn.poll(60, TimeUnit.SECONDS);
      assertThat(own).as("eve's message on our outgoing stream\nreceived: " + rogue.received()).isNotNull();
      assertThat(own.getBody()).isEqualTo("own domain");
      assertThat(rogue.bidiRequested()).as("we asked for bidi").isGreaterThanOrEqualTo(1);
      Await.until("our stream closed with <invalid-from/>", Duration.ofSeconds(30),
          () -> rogue.received().contains("<invalid-from"), rogue::received);
      // Our stream reconnects with its back-off, and gets the same again: only "own domain" ever.
      Message next = aliceIn.poll(3, TimeUnit.SECONDS);
      for (int i = 0; next != null && i < 20; i++) {
        assertThat(next.getBody()).as("the spoofed message is never delivered").isEqualTo("own domain");
        next = aliceIn.poll(1, TimeUnit.SECONDS);
      }
    } finally {
      alice.disconnect();
    }
  }

  /**
   * A peer that never reads its socket (4 KB receive buffer) and makes the node write: after
   * STARTTLS it asks {@value #VERIFIES} dialback verifications ({@code <db:verify/>}, each answered
   * {@code invalid}), more than the kernel's buffers hold, then sends an element the node does not
   * support. The node ends the stream with {@code <unsupported-stanza-type/>}, which waits behind
   * the answers the peer never takes: the close must not wait for it (LingeringClose's linger bounds
   * it), so within the linger the node's side of the connection leaves the kernel's established
   * sockets and the node's status.
   */
  @Test
  @Order(5)
  void peerDoesNotRead_streamErrorOnItsIncomingStream_connectionClosedWithinTheLinger() throws Exception {
    try (RawS2sPeer peer = new RawS2sPeer(fed.swS2sPort(), 4096)) {
      peer.send(RawS2sPeer.header(MUTE, SW));
      peer.readUntil("</stream:features>", 10_000);
      peer.startTls(MUTE, SW);
      assertThat(established(fed.swS2sPort(), peer.localPort())).as("the node's side of the connection").isTrue();
      StringBuilder chunk = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        chunk.append("<db:verify from='").append(MUTE).append("' to='").append(SW).append("' id='v").append(i)
            .append("x".repeat(1000)).append("'>").append("0".repeat(64)).append("</db:verify>");
      }
      for (int i = 0; i < VERIFIES / 100; i++) {
        peer.send(chunk.toString());
      }
      peer.send("<unsupported xmlns='urn:example:nothing'/>");
      long sent = System.nanoTime();
      Await.until("the node's side of the connection closed, though the peer never read",
          LingeringClose.LINGER.plusSeconds(10),
          () -> !established(fed.swS2sPort(), peer.localPort())
              && FederationFixture.streams(node).stream().noneMatch(s -> s.direction().equals("in")
                  && s.remote().equals(MUTE)),
          () -> FederationFixture.streams(node) + "\n" + ss());
      System.out.printf("s2s peer that does not read (incoming): %d verifications unread, stream error, connection"
          + " closed %d ms after the last element (linger %d ms)%n", VERIFIES, (System.nanoTime() - sent) / 1_000_000,
          LingeringClose.LINGER.toMillis());
    }
  }

  /**
   * Our outgoing stream to a receiving server that stops reading once authenticated
   * ({@value #DEAF}: 4 KB receive buffer, one connection accepted): once more than
   * max-pending-outbound-bytes wait, the node drops the connection at once, so its side leaves the
   * kernel's established sockets and the status although the peer never reads.
   */
  @Test
  @Order(6)
  void peerDoesNotRead_onOurOutgoingStream_connectionDropped() throws Exception {
    XMPPTCPConnection alice = swClient("alice", "deaf");
    try (RawS2sServer deaf = new RawS2sServer(fed.rawPort(DEAF), DEAF, fed.rawCert(DEAF))) {
      deaf.deaf();
      deaf.start();
      FederationScenarios.chat(alice, "eve@" + DEAF + "/x", "hello");
      Await.until("our outgoing stream to " + DEAF, Duration.ofSeconds(30),
          () -> deaf.authenticated() == 1 && established(-1, fed.rawPort(DEAF)));
      int sent = floodUntil(alice, DEAF, () -> with(DEAF).stream().noneMatch(s -> s.direction().equals("out")));
      Await.until("the node's side of the connection closed, though the peer never read", Duration.ofSeconds(5),
          () -> !established(-1, fed.rawPort(DEAF)) && with(DEAF).isEmpty(),
          () -> "after " + sent + " chats: " + FederationFixture.streams(node) + "\n" + ss());
      System.out.printf("s2s peer that does not read (outgoing): connection dropped after %d chats of 16 KB%n", sent);
    } finally {
      alice.disconnect();
    }
  }

  /**
   * Chats of 16 KB from {@code from} to eve at {@code domain}, ten at a time, each ten followed by
   * up to half a second's wait for {@code done}; at most {@value #MAX_CHATS}. Returns how many were
   * sent.
   */
  private static int floodUntil(XMPPTCPConnection from, String domain, Check done) throws Exception {
    String body = "x".repeat(16 * 1024);
    int sent = 0;
    while (sent < MAX_CHATS) {
      for (int i = 0; i < 10; i++) {
        FederationScenarios.chat(from, "eve@" + domain + "/x", "chat " + (++sent) + " " + body);
      }
      long end = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < end) {
        if (done.holds()) {
          return sent;
        }
        Thread.sleep(100);
      }
    }
    return sent;
  }

  /** A condition that may throw. */
  private interface Check {
    boolean holds() throws Exception;
  }

  /** The node's count of {@code condition} stream errors sent on incoming streams ({@code /metrics}). */
  private static double streamErrors(String condition) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
        .header("Authorization", "Bearer " + node.managementToken()).timeout(Duration.ofSeconds(5)).build();
    String body = HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("^switchboard_s2s_stream_errors_total\\{[^}]*condition=\"" + Pattern.quote(condition)
        + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * Whether an established TCP socket on loopback has local port {@code localPort} (any when
   * negative) and peer port {@code peerPort}: the node's end of a connection, seen by the kernel.
   */
  private static boolean established(int localPort, int peerPort) {
    return ss().lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
        .filter(cols -> cols.length >= 4)
        .anyMatch(cols -> (localPort < 0 || cols[cols.length - 2].endsWith(":" + localPort))
            && cols[cols.length - 1].endsWith(":" + peerPort));
  }

  // ----------------------------------------------------------------------------------- helpers

  private static XMPPTCPConnection swClient(String user, String resource) throws Exception {
    return fed.swClient(user, resource);
  }

  private static XMPPTCPConnection peerClient(String domain, String user, String resource) throws Exception {
    return fed.peerClient(domain, user, resource);
  }

  private static Message next(BlockingQueue<Message> q, String what) throws InterruptedException {
    Message m = q.poll(60, TimeUnit.SECONDS);
    assertThat(m).as(what + "\nstreams: " + FederationFixture.streams(node) + "\nProsody log tail:\n" + prosody.log())
        .isNotNull();
    return m;
  }

  /** This node's authenticated s2s streams for {@code sw.test} with {@code remote}. */
  private static List<S2sStreams.Info> with(String remote) {
    return FederationFixture.streams(node).stream()
        .filter(s -> s.remote().equals(remote) && s.local().equals(SW) && !s.auth().equals("none")).toList();
  }

  /** Established TCP connections to either server's s2s port (counted once, at the dialling end). */
  private static long establishedBetweenTheServers() throws IOException, InterruptedException {
    return ss().lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
        .filter(cols -> cols.length >= 4)
        .map(cols -> cols[cols.length - 1])
        .filter(peer -> peer.endsWith(":" + fed.swS2sPort()) || peer.endsWith(":" + fed.prosodyS2sPort()))
        .count();
  }

  private static String ss() {
    try {
      return ssOrFail();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String ssOrFail() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ss", "-Htn", "state", "established").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
