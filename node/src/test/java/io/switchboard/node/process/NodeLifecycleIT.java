package io.switchboard.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.SmackClients;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #2's "done when", with real processes: a cold start with the embedded Cassandra reaches
 * /ready, an account survives a restart, SIGTERM stops node and Cassandra with nothing left
 * behind, a listener that cannot bind stops the node with exit code 1, and three nodes share one
 * Cassandra in one cluster.
 */
class NodeLifecycleIT {
  private static final Path WORK = Path.of("target", "it-nodes").toAbsolutePath();

  @Test
  void singleNode_coldStartRestart_accountSurvivesAndNothingLeftBehind() throws Exception {
    Files.createDirectories(WORK);
    try (NodeProcess node = NodeProcess.create("single", WORK, Map.of())) {
      node.start();
      Duration cold = node.awaitReady(Duration.ofSeconds(150));
      System.out.println("[figures] cold start to /ready: " + cold.toMillis() + " ms");
      assertThat(node.status("/alive")).isEqualTo(200);
      // Issue #23 F5: the status route needs the management token; ./switchboard status finds it.
      assertThat(node.status("/switchboard/status")).isEqualTo(401);
      NodeProcess.CommandResult status = node.run("status", node.env("SWITCHBOARD_MANAGEMENT_PORT"));
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.output()).contains("Up");
      try (var files = Files.list(node.dataDir().resolve("cassandra"))) {
        assertThat(files.count()).as("Cassandra data under the data dir").isPositive();
      }

      NodeProcess.CommandResult add = node.run("adduser", "alice@localhost", "wonderland");
      assertThat(add.exitCode()).as(add.output()).isZero();
      NodeProcess.CommandResult again = node.run("adduser", "alice@localhost", "other");
      assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
      assertThat(again.output()).contains("already exists");
      NodeProcess.CommandResult nobody = node.run("deluser", "nobody@localhost");
      assertThat(nobody.exitCode()).as(nobody.output()).isEqualTo(1);
      assertThat(nobody.output()).contains("does not exist");
      NodeProcess.CommandResult passwd = node.run("passwd", "alice@localhost", "looking-glass");
      assertThat(passwd.exitCode()).as(passwd.output()).isZero();
      // A session that logged out: its entity has no resource left, so the stop passivates it
      // instead of leaving it to remember-entities.
      SmackClients.connect(node, "alice", "looking-glass", "lifecycle-it").disconnect();
      int logBefore = Files.readString(node.log()).length(); // the log file is appended to

      long t0 = System.nanoTime();
      int exit = node.sigterm(Duration.ofSeconds(20));
      System.out.println("[figures] SIGTERM to exit: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      assertThat(exit).as(node.logTail()).isZero();
      Matcher passivated = Pattern.compile(
          "Idle sessions passivated before the hand-off: (\\d+) of (\\d+) entities here \\((\\d+) stay")
          .matcher(Files.readString(node.log()).substring(logBefore));
      assertThat(passivated.find()).as(node.logTail()).isTrue();
      assertThat(Integer.parseInt(passivated.group(1))).as("alice's entity at least").isPositive();
      assertThat(passivated.group(3)).isEqualTo("0");
      assertThat(node.processesUsingDataDir()).as("processes left behind").isEmpty();

      NodeProcess.CommandResult down = node.run("adduser", "bob@localhost", "pw");
      assertThat(down.exitCode()).as(down.output()).isEqualTo(3);

      node.start();
      Duration warm = node.awaitReady(Duration.ofSeconds(150));
      System.out.println("[figures] restart to /ready: " + warm.toMillis() + " ms");
      NodeProcess.CommandResult exists = node.run("adduser", "alice@localhost", "x");
      assertThat(exists.exitCode()).as("alice survived the restart: " + exists.output()).isEqualTo(1);
      assertThat(node.run("deluser", "alice@localhost").exitCode()).isZero();
      assertThat(node.sigterm(Duration.ofSeconds(20))).isZero();
      assertThat(node.processesUsingDataDir()).isEmpty();

      // A listener that cannot bind (here the SOCKS5 proxy's, the last one opened) fails the
      // start-up after Cassandra and the cluster are up: the node must stop them, say why and
      // exit non-zero, not exit 0 as an orderly stop does.
      int proxyPort = Integer.parseInt(node.env("SWITCHBOARD_PROXY65_PORT"));
      int logBeforeClash = Files.readString(node.log()).length();
      try (ServerSocket taken = new ServerSocket(proxyPort, 1, InetAddress.getByName("127.0.0.1"))) {
        node.start();
        int code = node.awaitExit(Duration.ofSeconds(150));
        String output = Files.readString(node.log()).substring(logBeforeClash);
        assertThat(code).as(node.logTail()).isEqualTo(1);
        assertThat(output).contains("switchboard: start-up failed: cannot listen on 127.0.0.1:" + proxyPort);
      }
      assertThat(node.processesUsingDataDir()).as("processes left behind").isEmpty();
    }
  }

  private static int upCount(String membersJson) {
    return membersJson.split("\"status\":\"Up\"", -1).length - 1;
  }

  @Test
  void threeNodes_shareOneCassandra_allReady() throws Exception {
    Files.createDirectories(WORK);
    try (NodeProcess first = NodeProcess.create("n1", WORK, Map.of())) {
      first.start();
      first.awaitReady(Duration.ofSeconds(150));
      Map<String, String> joinFirst =
          Map.of(
              "SWITCHBOARD_CASSANDRA_CONTACT_POINTS", "127.0.0.1:" + first.env("SWITCHBOARD_CASSANDRA_PORT"),
              "SWITCHBOARD_SEED_NODES", "127.0.0.1:" + first.env("SWITCHBOARD_CLUSTER_PORT"));
      try (NodeProcess second = NodeProcess.create("n2", WORK, joinFirst);
          NodeProcess third = NodeProcess.create("n3", WORK, joinFirst)) {
        second.start();
        third.start();
        second.awaitReady(Duration.ofSeconds(120));
        third.awaitReady(Duration.ofSeconds(120));
        assertThat(first.readyStatus()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String members = first.body("/cluster/members");
        while (upCount(members) < 3 && System.nanoTime() < deadline) {
          Thread.sleep(500);
          members = first.body("/cluster/members");
        }
        assertThat(upCount(members)).as(members).isEqualTo(3);
        assertThat(third.sigterm(Duration.ofSeconds(30))).isZero();
        assertThat(second.sigterm(Duration.ofSeconds(30))).isZero();
      }
      assertThat(first.sigterm(Duration.ofSeconds(20))).isZero();
      assertThat(first.processesUsingDataDir()).isEmpty();
    }
  }
}
