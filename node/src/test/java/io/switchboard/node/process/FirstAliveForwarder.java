package io.switchboard.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * The plain TCP load balancer of a test: each new connection goes to the first backend port that
 * accepts it, bytes are copied both ways, and when either side closes both do. Nothing of XMPP
 * is looked at (TLS passes through). Loopback only; closed with the test.
 */
final class FirstAliveForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final List<Integer> backends;

  FirstAliveForwarder(List<Integer> backends) throws IOException {
    this.backends = List.copyOf(backends);
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread accept = new Thread(this::acceptLoop, "forwarder-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket backend = connectFirstAlive();
        if (backend == null) {
          client.close();
          continue;
        }
        pump(client, backend);
        pump(backend, client);
      } catch (IOException e) {
        // closed, or one connection failed: go on with the next
      }
    }
  }

  private Socket connectFirstAlive() {
    for (int port : backends) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return s;
      } catch (IOException refused) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to release
        }
      }
    }
    return null;
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "forwarder-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
