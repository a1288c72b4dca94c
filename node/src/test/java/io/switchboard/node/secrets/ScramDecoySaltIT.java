package io.switchboard.node.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawXmpp;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F13: the salt a SCRAM exchange shows for an unknown username must be the same on every
 * node of a cluster (it was random per process, so asking two nodes told unknown names from real
 * ones, whose salt never changes). Two nodes sharing the dev-mode secrets directory, as
 * {@code ./switchboard cluster N} runs them, asked over real direct-TLS sockets.
 */
@ExtendWith(CassandraExtension.class)
class ScramDecoySaltIT {

  @Test
  void unknownUser_sameSaltOnTwoNodesSharingTheSecret() throws Exception {
    try (InProcessNode a = InProcessNode.start("decoy_a", Map.of())) {
      Path secrets = Path.of(a.node().system().settings().config().getString("switchboard.data-dir"))
          .resolve("secrets").toAbsolutePath();
      try (InProcessNode b = InProcessNode.start("decoy_b", Map.of("switchboard.secrets-dir", secrets.toString()))) {
        String saltA = decoySalt(a, "nobody-here");
        String saltB = decoySalt(b, "nobody-here");

        assertThat(saltA).isNotEmpty();
        assertThat(saltB).isEqualTo(saltA);
        assertThat(decoySalt(a, "nobody-here")).isEqualTo(saltA);
        assertThat(decoySalt(a, "someone-else")).isNotEqualTo(saltA);
        Path file = secrets.resolve("scram-decoy.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
      }
    }
  }

  /** The s= attribute of the server-first-message for {@code user} (SCRAM-SHA-256). */
  static String decoySalt(InProcessNode node, String user) throws Exception {
    try (RawXmpp c = RawXmpp.directTls(node.c2sTlsPort(), SmackClients.trustOnly(node))) {
      assertThat(c.open(node.domain())).contains("SCRAM-SHA-256");
      String first = "n,,n=" + user + ",r=abcdefghijklmnop";
      c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
          + Base64.getEncoder().encodeToString(first.getBytes(StandardCharsets.UTF_8)) + "</auth>");
      String reply = c.readUntil("</challenge>");
      String b64 = reply.substring(reply.indexOf('>', reply.indexOf("<challenge")) + 1, reply.indexOf("</challenge>"));
      String serverFirst = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      for (String part : serverFirst.split(",")) {
        if (part.startsWith("s=")) {
          return part.substring(2);
        }
      }
      throw new AssertionError("no salt in " + serverFirst);
    }
  }
}
