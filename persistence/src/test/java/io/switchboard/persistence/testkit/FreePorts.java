package io.switchboard.persistence.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers that a test starts later, often in another process.
 *
 * <p>Asking the kernel for port 0 and releasing it returns a port from the ephemeral range, the
 * same range every outgoing connection takes its local port from. Between the test picking such a
 * port and the server binding it, any client socket (a node's connection to Cassandra or to a
 * cluster peer) may take it, and the server then fails with "address in use". So the ports come
 * from below the ephemeral range instead, in sequence from a random start: one JVM never hands out
 * a port twice (before wrapping), and two JVMs rarely meet. Each port is checked to be free when it
 * is handed out.
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ABOVE = ephemeralLow();
  private static final AtomicInteger NEXT =
      new AtomicInteger(ABOVE - LOWEST < 1_000 ? 0 : ThreadLocalRandom.current().nextInt(ABOVE - LOWEST));

  private FreePorts() {}

  /** A loopback port nobody listens on now and that no outgoing connection will take. */
  public static int next() {
    int span = ABOVE - LOWEST;
    if (span < 1_000) {
      return kernelChosen(); // an unusual ephemeral range: fall back to the kernel's choice
    }
    for (int tried = 0; tried < span; tried++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), span);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + LOWEST + "-" + (ABOVE - 1));
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChosen() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), or 32768 when it cannot be read. */
  private static int ephemeralLow() {
    try {
      // Line by line: Files.readString trusts the size /proc reports (0) and can return one byte.
      return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
