package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.switchboard.node.process.NodeProcess;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F19: account commands take the password from standard input ({@code
 * --password-stdin}) or a no-echo prompt, so it need not appear on a command line. Runs the real
 * {@code ./switchboard} script as a process against the test Cassandra and checks the stored
 * credentials.
 */
@ExtendWith(CassandraExtension.class)
class AccountPasswordIT {
  private static final String KEYSPACE = "account_password_it";
  private static Config config;
  private static Persistence persistence;

  @BeforeAll
  static void start() {
    io.switchboard.protocol.jid.Jids.init();
    config = CassandraExtension.testConfig(KEYSPACE);
    persistence = Persistence.start(config); // migrates, as a node would have
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  @Test
  void adduserAndPasswd_passwordStdin_storesThePipedPassword() throws Exception {
    Run add = run("s3cret from stdin\n", "adduser", "carol@localhost", "--password-stdin");
    assertThat(add.exit()).as(add.output()).isZero();
    assertThat(verifies("carol", "s3cret from stdin")).isTrue();
    assertThat(verifies("carol", "--password-stdin")).isFalse();

    Run passwd = run("n3w-one\r\n", "passwd", "carol@localhost", "--password-stdin");
    assertThat(passwd.exit()).as(passwd.output()).isZero();
    assertThat(verifies("carol", "n3w-one")).isTrue();
  }

  @Test
  void adduser_noPasswordNoTerminal_refusedNamingStdin() throws Exception {
    Run r = run("", "adduser", "dave@localhost");

    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("--password-stdin");
    assertThat(persistence.accounts().exists(Jids.bare("dave@localhost")).toCompletableFuture().join()).isFalse();
  }

  @Test
  void adduser_passwordArgument_stillWorksWithAWarning() throws Exception {
    Run r = run("", "adduser", "erin@localhost", "argument-pw");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("warning").contains("visible to other local users");
    assertThat(verifies("erin", "argument-pw")).isTrue();
  }

  private static boolean verifies(String user, String password) {
    var creds = persistence.accounts().credentials(Jids.bare(user + "@localhost")).toCompletableFuture().join()
        .orElseThrow();
    return ScramCredentials.verify(creds.get(ScramAlgorithm.SHA_256), password);
  }

  private record Run(int exit, String output) {}

  /** {@code ./switchboard ARGS} against the test Cassandra, with {@code stdin} piped in. */
  private static Run run(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(NodeProcess.REPO.resolve("switchboard").toString());
    cmd.addAll(List.of(args));
    Path data = Files.createDirectories(Path.of("target", "it-account-password").toAbsolutePath());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(NodeProcess.REPO.toFile()).redirectErrorStream(true);
    var env = pb.environment();
    env.put("SWITCHBOARD_NO_BUILD", "1");
    env.put("SWITCHBOARD_DATA_DIR", data.toString());
    env.put("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", config.getString("switchboard.cassandra.contact-points"));
    env.put("SWITCHBOARD_CASSANDRA_KEYSPACE", KEYSPACE);
    env.put("SWITCHBOARD_CASSANDRA_USERNAME", config.getString("switchboard.cassandra.username"));
    env.put("SWITCHBOARD_CASSANDRA_PASSWORD", config.getString("switchboard.cassandra.password"));
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Run(p.exitValue(), out);
  }
}
