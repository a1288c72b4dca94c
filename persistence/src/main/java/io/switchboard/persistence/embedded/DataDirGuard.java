package io.switchboard.persistence.embedded;

import io.switchboard.persistence.PersistenceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards one Cassandra data directory.
 *
 * <ul>
 *   <li>{@code launcher.lock}: an OS file lock held while a launcher owns the directory. The OS
 *       drops it when the launcher's process dies, however it dies, so it never goes stale.
 *   <li>{@code cassandra.pid}: the pid of the Cassandra child. It outlives a launcher killed with
 *       SIGKILL; the next launcher finds it, checks that the process really is a Cassandra on this
 *       directory ({@code /proc/<pid>/cmdline}), and stops that orphan before starting its own.
 * </ul>
 */
final class DataDirGuard implements AutoCloseable {
  static final String LOCK_FILE = "launcher.lock";
  static final String PID_FILE = "cassandra.pid";
  static final String DAEMON_CLASS = "org.apache.cassandra.service.CassandraDaemon";
  private static final Logger log = LoggerFactory.getLogger(DataDirGuard.class);

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirGuard(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the directory's lock or fails naming the process that holds it. */
  static DataDirGuard acquire(Path dir) {
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM
      }
      if (lock == null) {
        String holder = readHolder(lockFile);
        channel.close();
        throw new PersistenceException("another launcher" + holder + " already runs a Cassandra on " + dir
            + " (" + lockFile + " is locked); stop it or use another switchboard.cassandra.embedded.dir");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
      return new DataDirGuard(dir, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new PersistenceException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  private static String readHolder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile).trim();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops a Cassandra left on this directory by a launcher that died without stopping it. */
  void stopOrphan(Duration grace) {
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> isCassandraOn(p.pid(), dir));
    if (orphan.isPresent()) {
      ProcessHandle p = orphan.get();
      log.warn("stopping orphaned Cassandra pid {} on {} (left by a launcher that did not stop it)", p.pid(), dir);
      p.destroy();
      try {
        p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          throw new PersistenceException("orphaned Cassandra pid " + p.pid() + " on " + dir + " does not stop");
        }
      }
    }
    deletePidFile();
  }

  static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when {@code /proc/<pid>/cmdline} is a Cassandra daemon whose storage dir is {@code dir}. */
  static boolean isCassandraOn(long pid, Path dir) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8);
      String[] args = cmdline.split("\0");
      boolean daemon = false;
      boolean ourDir = false;
      String wanted = "-Dcassandra.storagedir=" + dir.toAbsolutePath().normalize();
      for (String a : args) {
        daemon |= a.equals(DAEMON_CLASS);
        ourDir |= a.equals(wanted);
      }
      return daemon && ourDir;
    } catch (IOException e) {
      return false;
    }
  }

  void writePid(long pid) {
    try {
      Files.writeString(dir.resolve(PID_FILE), pid + "\n");
    } catch (IOException e) {
      throw new PersistenceException("cannot write " + dir.resolve(PID_FILE) + ": " + e.getMessage(), e);
    }
  }

  void deletePidFile() {
    try {
      Files.deleteIfExists(dir.resolve(PID_FILE));
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir.resolve(PID_FILE), e.toString());
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel close below releases it anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }
}
