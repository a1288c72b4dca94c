package io.switchboard.node.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.session.ConnectionMessage;
import java.io.IOException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * External components end to end: Debian's python3-slixmpp {@code ComponentXMPP} connects to the
 * real component listener, exchanges messages with a Smack user through the real Router and
 * UserSession entities, and the stream errors of XEP-0114 / RFC 6120 are checked on raw sockets.
 * {@code .ci/run} sets SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1, so in CI a missing slixmpp fails.
 */
@ExtendWith(CassandraExtension.class)
class ComponentIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static WiredTestNode node;
  private static Path script;
  private static boolean slixmpp;

  @BeforeAll
  static void start() throws Exception {
    slixmpp = slixmppAvailable();
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(slixmpp).as("python3-slixmpp must be installed (apt-get install python3-slixmpp)").isTrue();
    }
    node = WiredTestNode.start("component_it", Map.of(
        "switchboard.components.services", List.of(
            Map.of("domain", "bot.localhost", "secret", "s3cret"),
            Map.of("domain", "held.localhost", "secret", "held"),
            Map.of("domain", "raw.localhost", "secret", "raw"),
            Map.of("domain", "idle.localhost", "secret", "idle"),
            Map.of("domain", "slow.localhost", "secret", "slow")),
        "switchboard.components.max-stanza-bytes", 4096,
        "switchboard.components.max-pending-outbound-bytes", 65_536));
    for (String user : new String[] {"alice", "bob"}) {
      node.persistence().accounts().create(Jids.bare(user + "@localhost"), user + "-pw").toCompletableFuture().join();
    }
    script = Files.createTempFile("switchboard-component", ".py");
    try (var in = ComponentIT.class.getResourceAsStream("/slixmpp/component.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static XMPPTCPConnection smack(String user) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("localhost")
        .setHost("127.0.0.1")
        .setPort(node.c2sPort())
        .setUsernameAndPassword(user, user + "-pw")
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(SmackClients.trustOnly(node.certificate()))
        .setResource("desk")
        .build());
    c.connect().login();
    return c;
  }

  @Test
  void slixmppComponent_andSmackUser_exchangeMessagesBothWays() throws Exception {
    assumeTrue(slixmpp, "python3-slixmpp is not installed");
    XMPPTCPConnection alice = smack("alice");
    try {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      alice.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);
      Process p = component("bot.localhost", "s3cret", "echo", "alice@localhost/desk", "hello from a component");

      Message first = inbox.poll(30, TimeUnit.SECONDS);
      assertThat(first).as(output(p)).isNotNull();
      assertThat(first.getBody()).isEqualTo("hello from a component");
      assertThat(first.getFrom().toString()).isEqualTo("bot@bot.localhost/py");

      alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from("bot@bot.localhost/py")).ofType(Message.Type.chat).setBody("ping").build());
      Message echo = inbox.poll(30, TimeUnit.SECONDS);
      assertThat(echo).isNotNull();
      assertThat(echo.getBody()).isEqualTo("echo: ping");
      assertThat(echo.getFrom().toString()).isEqualTo("bot@bot.localhost/py");

      String out = finish(p);
      assertThat(out).contains("CONNECTED").contains("GOT alice@localhost/desk bot@bot.localhost/py ping");
      assertThat(p.exitValue()).as(out).isZero();
    } finally {
      alice.disconnect();
    }
  }

  @Test
  void slixmpp_wrongSecret_getsNotAuthorized() throws Exception {
    assumeTrue(slixmpp, "python3-slixmpp is not installed");
    Process p = component("bot.localhost", "wrong", "connect");
    String out = finish(p);
    assertThat(out).contains("STREAM-ERROR not-authorized").doesNotContain("CONNECTED");
    assertThat(p.exitValue()).isNotZero();
  }

  @Test
  void slixmpp_secondConnectionForAConnectedDomain_getsConflict() throws Exception {
    assumeTrue(slixmpp, "python3-slixmpp is not installed");
    try (RawComponent first = new RawComponent(node.components().port())) {
      assertThat(first.connect("held.localhost", "held")).as(first.received()).isTrue();

      Process p = component("held.localhost", "held", "connect");
      String out = finish(p);
      assertThat(out).contains("STREAM-ERROR conflict").doesNotContain("CONNECTED");

      // The first connection still serves the domain.
      XMPPTCPConnection bob = smack("bob");
      try {
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
            .to(JidCreate.from("held.localhost")).ofType(Message.Type.chat).setBody("still you?").build());
        assertThat(first.awaitText("still you?", 15_000)).as(first.received()).isTrue();
      } finally {
        bob.disconnect();
      }
    }
  }

  @Test
  void header_unconfiguredDomain_hostUnknown() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      c.open("nobody.localhost");
      assertThat(c.awaitClose(10_000)).isTrue();
      assertThat(c.received()).contains(streamError("host-unknown"))
          .contains("</stream:stream>");
    }
  }

  @Test
  void stanzaFromAnotherDomain_invalidFrom() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      assertThat(c.connect("raw.localhost", "raw")).isTrue();
      c.send("<message from='alice@localhost/spoof' to='bob@localhost'><body>x</body></message>");
      assertThat(c.awaitClose(10_000)).isTrue();
      assertThat(c.received()).contains(streamError("invalid-from"));
    }
  }

  @Test
  void stanzaWithoutTo_improperAddressing() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      assertThat(c.connect("raw.localhost", "raw")).isTrue();
      c.send("<message from='raw.localhost'><body>x</body></message>");
      assertThat(c.awaitClose(10_000)).isTrue();
      assertThat(c.received()).contains(streamError("improper-addressing"));
    }
  }

  @Test
  void stanzaBeforeHandshake_notAuthorized() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      c.open("raw.localhost");
      c.send("<message from='raw.localhost' to='bob@localhost'><body>x</body></message>");
      assertThat(c.awaitClose(10_000)).isTrue();
      assertThat(c.received()).contains(streamError("not-authorized"));
    }
  }

  @Test
  void oversizedStanza_policyViolation() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      assertThat(c.connect("raw.localhost", "raw")).isTrue();
      c.send("<message from='raw.localhost' to='bob@localhost'><body>" + "x".repeat(10_000) + "</body></message>");
      assertThat(c.awaitClose(10_000)).isTrue();
      assertThat(c.received()).contains(streamError("policy-violation"));
    }
  }

  @Test
  void rawComponent_messageToUser_arrivesFromComponentJid() throws Exception {
    XMPPTCPConnection bob = smack("bob");
    try (RawComponent c = new RawComponent(node.components().port())) {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      bob.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);
      assertThat(c.connect("raw.localhost", "raw")).isTrue();
      c.send("<message from='news@raw.localhost' to='bob@localhost/desk' type='headline'>"
          + "<body>breaking</body></message>");
      Message m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("breaking");
      assertThat(m.getFrom().toString()).isEqualTo("news@raw.localhost");
      assertThat(m.getType()).isEqualTo(Message.Type.headline);
    } finally {
      bob.disconnect();
    }
  }

  @Test
  void componentThatDoesNotRead_isDisconnectedInsteadOfBuffered() throws Exception {
    try (RawComponent c = new RawComponent(node.components().port())) {
      assertThat(c.connect("slow.localhost", "slow")).isTrue();
      String big = "y".repeat(64 * 1024);
      // 32 MB for a reader that reads nothing meanwhile: far beyond the socket buffers and the limit.
      for (int i = 0; i < 512; i++) {
        node.componentRoutes().deliver(XmlElement.builder("message", Namespaces.JABBER_CLIENT)
            .attr("from", "ghost@localhost/x").attr("to", "slow.localhost").attr("type", "headline")
            .child(XmlElement.builder("body", Namespaces.JABBER_CLIENT).text(big)).build());
      }
      // Without reading a byte: the server must give up the connection, which frees the domain.
      ActorRef<ConnectionMessage> stand = node.system().systemActorOf(Behaviors.ignore(), "stand-in", Props.empty());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      ComponentSession.Registration r;
      do {
        Thread.sleep(200);
        r = node.componentRoutes().register(Jids.domain("slow.localhost"), stand, Duration.ofSeconds(10))
            .toCompletableFuture().join();
      } while (r != ComponentSession.Accepted.INSTANCE && System.nanoTime() < deadline);
      assertThat(r).as("the slot is free again").isEqualTo(ComponentSession.Accepted.INSTANCE);
      node.componentRoutes().unregister(Jids.domain("slow.localhost"), stand);
      assertThat(c.awaitClose(30_000)).as("the server closed the connection").isTrue();
      assertThat(c.received().length()).isLessThan(512 * 64 * 1024);
    }
  }

  @Test
  void messageToComponentNotConnected_serviceUnavailable() throws Exception {
    XMPPTCPConnection alice = smack("alice");
    try {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      alice.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);
      alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.from("idle.localhost")).ofType(Message.Type.chat).setBody("anyone?").build());
      Message m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getType()).isEqualTo(Message.Type.error);
      assertThat(m.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
      assertThat(m.getFrom().toString()).isEqualTo("idle.localhost");
    } finally {
      alice.disconnect();
    }
  }

  /** A stream error condition as the server writes it (RFC 6120 §4.9). */
  private static String streamError(String condition) {
    return "<stream:error><" + condition + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>";
  }

  // ------------------------------------------------------------------ slixmpp

  private static Process component(String domain, String secret, String mode, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), "127.0.0.1",
        Integer.toString(node.components().port()), domain, secret, mode));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static String finish(Process p) throws Exception {
    if (!p.waitFor(45, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String output(Process p) {
    if (p.isAlive()) {
      return "(slixmpp still running)";
    }
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static boolean slixmppAvailable() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
