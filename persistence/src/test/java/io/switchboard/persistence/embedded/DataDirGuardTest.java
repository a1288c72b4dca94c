package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirGuardTest {
  @TempDir Path dir;

  /** A process whose command line looks like a Cassandra daemon on {@code storageDir}. */
  private static Process fakeCassandra(Path storageDir) throws IOException {
    return new ProcessBuilder("/bin/sh", "-c", "sleep 60; true", DataDirGuard.DAEMON_CLASS,
        "-Dcassandra.storagedir=" + storageDir.toAbsolutePath().normalize()).start();
  }

  @Test
  @SuppressWarnings("try")
  void acquire_twice_secondFailsNamingTheDirectory() {
    try (DataDirGuard first = DataDirGuard.acquire(dir)) {
      assertThat(dir.resolve(DataDirGuard.LOCK_FILE)).content().isEqualToIgnoringWhitespace(
          Long.toString(ProcessHandle.current().pid()));
      assertThatThrownBy(() -> DataDirGuard.acquire(dir))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("already runs a Cassandra on " + dir)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    DataDirGuard.acquire(dir).close(); // released: free again
  }

  @Test
  void stopOrphan_cassandraOnThisDir_isStoppedAndPidFileRemoved() throws Exception {
    Process orphan = fakeCassandra(dir);
    try (DataDirGuard guard = DataDirGuard.acquire(dir)) {
      guard.writePid(orphan.pid());
      waitForCmdline(orphan);
      assertThat(DataDirGuard.isCassandraOn(orphan.pid(), dir)).isTrue();

      guard.stopOrphan(Duration.ofSeconds(10));

      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(dir.resolve(DataDirGuard.PID_FILE)).doesNotExist();
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void stopOrphan_pidOfSomethingElse_leftAloneAndStalePidFileRemoved() throws Exception {
    Path otherDir = Files.createDirectories(dir.resolve("other"));
    Process unrelated = fakeCassandra(otherDir);
    try (DataDirGuard guard = DataDirGuard.acquire(dir)) {
      guard.writePid(unrelated.pid());
      waitForCmdline(unrelated);

      guard.stopOrphan(Duration.ofSeconds(10));

      assertThat(unrelated.isAlive()).isTrue();
      assertThat(dir.resolve(DataDirGuard.PID_FILE)).doesNotExist();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void stopOrphan_deadPid_pidFileRemoved() throws Exception {
    Process gone = new ProcessBuilder("/bin/true").start();
    gone.waitFor();
    try (DataDirGuard guard = DataDirGuard.acquire(dir)) {
      guard.writePid(gone.pid());
      guard.stopOrphan(Duration.ofSeconds(1));
      assertThat(dir.resolve(DataDirGuard.PID_FILE)).doesNotExist();
    }
  }

  /** /proc/<pid>/cmdline is filled once the exec has happened. */
  private static void waitForCmdline(Process p) throws Exception {
    Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    for (int i = 0; i < 100 && !Files.readString(cmdline).contains(DataDirGuard.DAEMON_CLASS); i++) {
      Thread.sleep(20);
    }
  }
}
