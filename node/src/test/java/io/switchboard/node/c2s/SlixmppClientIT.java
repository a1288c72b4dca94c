package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end with Debian's python3-slixmpp: SCRAM-SHA-256 and SCRAM-SHA-512 (which Smack 4.5
 * lacks), direct TLS (XEP-0368) on the second port, and a message from slixmpp to a Smack client.
 * {@code .ci/run} installs python3-slixmpp and sets SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1, so in
 * CI a missing client fails instead of skipping.
 */
@ExtendWith(CassandraExtension.class)
class SlixmppClientIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static InProcessNode node;
  private static Path script;
  private static Path caFile;

  @BeforeAll
  static void start() throws Exception {
    boolean available = slixmppAvailable();
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("python3-slixmpp must be installed (apt-get install python3-slixmpp)").isTrue();
    }
    assumeTrue(available, "python3-slixmpp is not installed");
    node = InProcessNode.start("slixmpp_it", Map.of());
    for (String user : new String[] {"sam", "sue", "sid"}) {
      node.node().persistence().accounts().create(Jids.bare(user + "@localhost"), user + "-pw").toCompletableFuture().join();
    }
    script = Files.createTempFile("switchboard-slixmpp", ".py");
    try (var in = SlixmppClientIT.class.getResourceAsStream("/slixmpp/client.py")) {
      Files.write(script, in.readAllBytes());
    }
    caFile = node.node().settings().dataDir().resolve("tls").resolve("localhost.crt.pem");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void scramSha256_overStartTls_logsIn() throws Exception {
    Result r = run(node.c2sPort(), "sam@localhost/py", "sam-pw", "SCRAM-SHA-256", "starttls", "login");
    assertThat(r.output()).as(r.output()).contains("AUTH-OK sam@localhost/py");
    assertThat(r.exit()).isZero();
  }

  @Test
  void scramSha512_overDirectTls_logsIn() throws Exception {
    Result r = run(node.c2sTlsPort(), "sue@localhost/py", "sue-pw", "SCRAM-SHA-512", "direct", "login");
    assertThat(r.output()).as(r.output()).contains("AUTH-OK sue@localhost/py");
    assertThat(r.exit()).isZero();
  }

  @Test
  void scramSha256_wrongPassword_fails() throws Exception {
    Result r = run(node.c2sPort(), "sam@localhost/py", "not-the-password", "SCRAM-SHA-256", "starttls", "login");
    assertThat(r.output()).as(r.output()).contains("AUTH-FAIL");
    assertThat(r.exit()).isNotZero();
  }

  @Test
  void message_fromSlixmpp_reachesSmack() throws Exception {
    XMPPTCPConnection smack = SmackClients.connect(node, "sid", "sid-pw", "desk");
    try {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      smack.addSyncStanzaListener(s -> inbox.add((Message) s), MessageTypeFilter.CHAT);
      Result r = run(node.c2sPort(), "sam@localhost/py", "sam-pw", "SCRAM-SHA-256", "starttls", "send",
          "sid@localhost", "hello from slixmpp");
      assertThat(r.output()).as(r.output()).contains("SENT");
      Message m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("hello from slixmpp");
      assertThat(m.getFrom().toString()).isEqualTo("sam@localhost/py");
    } finally {
      smack.disconnect();
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(int port, String jid, String password, String mech, String tls, String mode, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), "127.0.0.1", Integer.toString(port),
        jid, password, mech, caFile.toString(), tls, mode));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(45, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.isAlive() ? -1 : p.exitValue(), out);
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
