package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A launcher killed with SIGKILL leaves its Cassandra running; the next start on the same
 * directory finds it by the pid file, stops it, and starts its own on the same ports and data.
 * Runs through {@link Persistence#start} in embedded mode, as a node does.
 */
class OrphanRecoveryIT {

  @Test
  void start_afterLauncherKilled_stopsTheOrphanAndReusesItsData() throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "orphan-");
    int port = CassandraExtension.freePort();
    int storagePort = CassandraExtension.freePort();

    Process launcher = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-D" + CassandraClasspath.LIB_PROPERTY + "=" + System.getProperty(CassandraClasspath.LIB_PROPERTY, ""),
        LauncherMain.class.getName(), dir.toString(), Integer.toString(port), Integer.toString(storagePort))
        .redirectErrorStream(true)
        .start();
    long orphanPid = awaitReady(launcher);
    launcher.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
    ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
    assertThat(orphan.isAlive()).isTrue();

    Config config = ConfigFactory.parseMap(Map.of(
            "switchboard.cassandra.contact-points", "",
            "switchboard.cassandra.keyspace", "orphan_it",
            "switchboard.cassandra.embedded.dir", dir.toString(),
            "switchboard.cassandra.embedded.port", port,
            "switchboard.cassandra.embedded.storage-port", storagePort,
            // The generated credentials' copy for the CLI goes here, not under the module.
            "switchboard.secrets-dir", dir.resolve("secrets").toString()))
        .withFallback(ConfigFactory.load());
    Persistence first = Persistence.start(config);
    long secondPid;
    try {
      assertThat(orphan.isAlive()).isFalse();
      EmbeddedCassandra embedded = first.embedded().orElseThrow();
      secondPid = embedded.pid();
      assertThat(secondPid).isNotEqualTo(orphanPid);
      assertThat(embedded.contactPoint()).isEqualTo("127.0.0.1:" + port);
      first.accounts().create(Jids.bare("survivor@example.org"), "pw").toCompletableFuture().get();
    } finally {
      first.close();
    }
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    assertThat(dir.resolve(DataDirGuard.PID_FILE)).doesNotExist();

    // A clean restart on the same directory finds the account again.
    try (Persistence again = Persistence.start(config)) {
      assertThat(again.accounts().exists(Jids.bare("survivor@example.org")).toCompletableFuture().get()).isTrue();
    }
  }

  private static long awaitReady(Process launcher) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) {
        // Keep draining so the launcher never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "launcher-drain");
        drain.setDaemon(true);
        drain.start();
        return Long.parseLong(line.substring(6).trim());
      }
      seen.append(line).append('\n');
    }
    launcher.waitFor(5, TimeUnit.SECONDS);
    throw new AssertionError("launcher exited before READY:\n" + seen);
  }
}
