package io.switchboard.node.s2s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * What the federation tests' peer servers ({@link ProsodyPeer}, {@link EjabberdPeer}) share: a
 * process of their own with a fresh working directory under {@code target/}, a c2s port, a log
 * to quote in failure messages, SIGSTOP/SIGCONT, and an orderly stop.
 */
abstract class PeerProcess implements AutoCloseable {
  /** An account to create on the peer before the tests start. */
  record User(String name, String domain, String password) {
    String jid() {
      return name + "@" + domain;
    }
  }

  private final Process process;
  private final Path dir;
  private final int c2sPort;
  private final Path logFile;
  private final int logTail;

  PeerProcess(Process process, Path dir, int c2sPort, Path logFile, int logTail) {
    this.process = process;
    this.dir = dir;
    this.c2sPort = c2sPort;
    this.logFile = logFile;
    this.logTail = logTail;
  }

  /** Deletes {@code dir} if present and creates {@code dir/sub}: stores of an earlier run would conflict. */
  static void freshDirectory(Path dir, String sub) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir.resolve(sub));
  }

  final Path dir() {
    return dir;
  }

  final Process process() {
    return process;
  }

  final int c2sPort() {
    return c2sPort;
  }

  /**
   * SIGSTOP: the peer stops reading and answering, but its TCP connections stay open, as behind a
   * cut cable; only XEP-0199 pings can tell. {@link #resume} continues it.
   */
  final void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  final void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", sig, Long.toString(process.pid())).redirectErrorStream(true).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + sig + " " + process.pid() + " failed");
    }
  }

  /** The tail of the peer's log, for failure messages. */
  final String log() {
    try {
      String all = Files.readString(logFile);
      return all.length() > logTail ? all.substring(all.length() - logTail) : all;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGTERM (an orderly stop for both peers), then SIGKILL after 20 s. */
  @Override
  public final void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
