package io.switchboard.node.s2s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A hand-written receiving s2s server for one domain, on loopback: it accepts Switchboard's
 * outgoing streams (STARTTLS with {@code cert}, then SASL EXTERNAL accepted for anyone, since our
 * identity is not under test), and from then on only collects what they carry. It never opens a
 * stream of its own, so it stands for a peer that stays silent. {@link #stop()} drops the
 * listening socket and every connection without a word, as a server that went away; {@link #start()}
 * listens again on the same port. With {@link #bidi}, it offers XEP-0288 after TLS and, once
 * authenticated, writes the given stanzas on the stream it accepted. With {@link #deaf}, it stands
 * for a peer that does not read.
 */
final class RawS2sServer implements AutoCloseable {
  /** SO_RCVBUF of a {@link #deaf} server's connections. */
  private static final int DEAF_BUFFER = 4096;
  private final int port;
  private final String domain;
  private final SSLContext tls;
  private final StringBuffer received = new StringBuffer();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger authenticated = new AtomicInteger();
  private final AtomicInteger bidiRequested = new AtomicInteger();
  private volatile ServerSocket server;
  /** Non-null: offer bidi and send these on each stream once it is authenticated. */
  private volatile List<String> bidiStanzas;
  private volatile boolean deaf;

  /** {@code cert}: the server's certificate and its issuer. */
  RawS2sServer(int port, String domain, TestCertificates.Issued[] cert) throws Exception {
    this.port = port;
    this.domain = domain;
    tls = TestCertificates.trustingAnyone(cert);
  }

  synchronized void start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    if (deaf) {
      s.setReceiveBufferSize(DEAF_BUFFER); // before bind: the accepted sockets announce a small window
    }
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    Thread accept = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket c = s.accept();
          if (deaf) {
            s.close(); // one connection: later ones are refused
          }
          sockets.add(c);
          Thread t = new Thread(() -> serve(c), "raw-s2s-server-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    }, "raw-s2s-server-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** Gone: no listener, every connection reset without {@code </stream:stream>}. */
  synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket c : sockets) {
      try {
        c.setSoLinger(true, 0);
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    sockets.clear();
  }

  /** Everything the authenticated streams carried so far. */
  String received() {
    return received.toString();
  }

  void clear() {
    received.setLength(0);
  }

  int authenticated() {
    return authenticated.get();
  }

  /** XEP-0288: offer bidi after TLS and send {@code stanzas} once a stream is authenticated. */
  void bidi(List<String> stanzas) {
    bidiStanzas = List.copyOf(stanzas);
  }

  /**
   * A peer that does not read: once a stream is authenticated it reads nothing more from it (its
   * socket's receive buffer is about {@value #DEAF_BUFFER} bytes), and it accepts one connection
   * only. Before {@link #start()}.
   */
  void deaf() {
    deaf = true;
  }

  /** Streams on which the connecting server asked for bidi before authenticating. */
  int bidiRequested() {
    return bidiRequested.get();
  }

  private void serve(Socket socket) {
    try {
      Conn c = new Conn(socket);
      c.await("<stream:stream", ">");
      c.send(header() + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
          + "</stream:features>");
      c.await("<starttls", ">");
      c.send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
      secure.setUseClientMode(false);
      secure.setWantClientAuth(true);
      secure.startHandshake();
      sockets.add(secure);
      c = new Conn(secure);
      c.await("<stream:stream", ">");
      List<String> stanzas = bidiStanzas;
      c.send(header() + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
          + "<mechanism>EXTERNAL</mechanism></mechanisms>"
          + (stanzas != null ? "<bidi xmlns='urn:xmpp:features:bidi'/>" : "") + "</stream:features>");
      if (c.await("<auth", "</auth>").contains("urn:xmpp:bidi")) {
        bidiRequested.incrementAndGet();
      }
      c.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
      c.await("<stream:stream", ">");
      c.send(header() + "<stream:features/>");
      authenticated.incrementAndGet();
      if (stanzas != null) {
        c.send(String.join("", stanzas));
      }
      if (deaf) {
        while (!secure.isClosed()) {
          Thread.sleep(200); // reads nothing: what the other side writes waits in its socket
        }
        return;
      }
      c.collect();
    } catch (IOException e) {
      // the connection is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String header() {
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
        + " from='" + domain + "' id='raw-" + System.nanoTime() + "' version='1.0'>";
  }

  /** One socket's reader: what came in and was not yet consumed by {@link #await}. */
  private final class Conn {
    private final Socket socket;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(200);
    }

    void send(String xml) throws IOException {
      socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    }

    /**
     * Reads until {@code start} and then {@code end} came in (30 s at most), and drops all up to
     * there, which it returns.
     */
    String await(String start, String end) throws IOException {
      long deadline = System.nanoTime() + 30_000_000_000L;
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      while (System.nanoTime() < deadline) {
        String text = pending.toString(StandardCharsets.UTF_8);
        int s = text.indexOf(start);
        int e = s < 0 ? -1 : text.indexOf(end, s);
        if (e >= 0) {
          byte[] rest = text.substring(e + end.length()).getBytes(StandardCharsets.UTF_8);
          pending.reset();
          pending.write(rest);
          return text.substring(0, e + end.length());
        }
        try {
          int n = in.read(buf);
          if (n < 0) {
            throw new IOException("closed");
          }
          pending.write(buf, 0, n);
        } catch (SocketTimeoutException more) {
          // keep waiting
        }
      }
      throw new IOException("no " + start + " within 30 s");
    }

    void collect() throws IOException {
      received.append(pending.toString(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      while (true) {
        try {
          int n = in.read(buf);
          if (n < 0) {
            return;
          }
          received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException more) {
          if (socket.isClosed()) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
