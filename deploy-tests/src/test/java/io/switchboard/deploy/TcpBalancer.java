package io.switchboard.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP load balancer on loopback, as a Kubernetes Service or a cloud TCP balancer is to
 * the nodes: each new connection goes to the next backend in turn (round robin); a backend that
 * refuses is skipped for that connection. It knows nothing about XMPP, TLS or sessions (no
 * stickiness), and copies bytes both ways until either side closes.
 */
final class TcpBalancer implements AutoCloseable {
  private final ServerSocket server;
  private final List<InetSocketAddress> backends = new CopyOnWriteArrayList<>();
  private final List<InetSocketAddress> chosen = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "balancer");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  TcpBalancer(List<InetSocketAddress> backends) throws IOException {
    this.backends.addAll(backends);
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pumps.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** A backend that came up later (a new pod behind the Service). */
  void add(InetSocketAddress backend) {
    backends.add(backend);
  }

  /** The backend each accepted connection was sent to, in order. */
  List<InetSocketAddress> chosen() {
    return List.copyOf(chosen);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pumps.execute(() -> connect(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void connect(Socket client) {
    int start = next.getAndIncrement();
    List<InetSocketAddress> order = new ArrayList<>(backends);
    for (int i = 0; i < order.size(); i++) {
      InetSocketAddress backend = order.get(Math.floorMod(start + i, order.size()));
      Socket upstream = new Socket();
      try {
        upstream.connect(backend, 2000);
      } catch (IOException refused) {
        closeQuietly(upstream);
        continue;
      }
      chosen.add(backend);
      open.add(client);
      open.add(upstream);
      pumps.execute(() -> pump(client, upstream));
      pumps.execute(() -> pump(upstream, client));
      return;
    }
    closeQuietly(client); // no backend answers
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(TcpBalancer::closeQuietly);
    pumps.shutdownNow();
  }
}
