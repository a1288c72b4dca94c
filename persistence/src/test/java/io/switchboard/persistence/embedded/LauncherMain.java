package io.switchboard.persistence.embedded;

import java.nio.file.Path;

/** A launcher JVM for {@link OrphanRecoveryIT}: starts Cassandra, says READY, waits to be killed. */
public final class LauncherMain {
  private LauncherMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedCassandra c = EmbeddedCassandra.start(
        EmbeddedCassandra.Options.of(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])));
    System.out.println("READY " + c.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
