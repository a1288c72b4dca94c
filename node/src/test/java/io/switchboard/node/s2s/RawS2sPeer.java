package io.switchboard.node.s2s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A hand-written s2s peer for the bad-input tests: writes raw XML on a loopback socket (optionally
 * after STARTTLS, trusting any server certificate, since the server's identity is not under test)
 * and collects what the server answers.
 */
final class RawS2sPeer implements AutoCloseable {
  private Socket socket;
  private final int localPort;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  RawS2sPeer(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(200);
    localPort = socket.getLocalPort();
  }

  /**
   * A peer whose socket holds about {@code receiveBuffer} bytes it has not read (SO_RCVBUF, set
   * before connecting, so that the window it announces stays that small): one that stops reading
   * soon leaves the server's writes waiting.
   */
  RawS2sPeer(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(200);
    localPort = socket.getLocalPort();
  }

  /** This end's port of the TCP connection. */
  int localPort() {
    return localPort;
  }

  static String header(String from, String to) {
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
        + " xmlns:db='jabber:server:dialback' from='" + from + "' to='" + to + "' version='1.0'>";
  }

  void send(String xml) throws IOException {
    socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads until the text received so far contains {@code marker}, the peer closes, or the time is up. */
  String readUntil(String marker, long millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000;
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    while (System.nanoTime() < end && !text().contains(marker)) {
      try {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        received.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting until the deadline
      } catch (IOException e) {
        break; // reset by the server after its stream error
      }
    }
    return text();
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  /** STARTTLS on the open stream and a new stream header after it; returns the new stream's features. */
  String startTls(String from, String to) throws Exception {
    return startTls(from, to, null);
  }

  /**
   * As {@link #startTls(String, String)}, presenting {@code clientCert} (with its issuer) in the
   * handshake when it is not null, for SASL EXTERNAL.
   */
  String startTls(String from, String to, TestCertificates.Issued[] clientCert) throws Exception {
    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    if (!readUntil("<proceed", 10_000).contains("<proceed")) {
      throw new IOException("no <proceed/>: " + text());
    }
    SSLContext ctx = TestCertificates.trustingAnyone(clientCert);
    SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
    tls.setUseClientMode(true);
    tls.startHandshake();
    tls.setSoTimeout(200);
    socket = tls;
    received.reset();
    send(header(from, to));
    return readUntil("</stream:features>", 10_000);
  }

  /**
   * The whole SASL EXTERNAL login of domain {@code from} to {@code to}: header, STARTTLS with
   * {@code cert}, EXTERNAL, restart. Fails unless EXTERNAL is offered and succeeds.
   */
  void externalAs(String from, String to, TestCertificates.Issued[] cert) throws Exception {
    externalAs(from, to, cert, false);
  }

  /**
   * As {@link #externalAs(String, String, TestCertificates.Issued[])}; with {@code bidi}, asks for
   * a bidirectional stream (XEP-0288 §2.2) before authenticating, which the server must offer.
   */
  void externalAs(String from, String to, TestCertificates.Issued[] cert, boolean bidi) throws Exception {
    send(header(from, to));
    readUntil("</stream:features>", 10_000);
    String features = startTls(from, to, cert);
    if (!features.contains("EXTERNAL")) {
      throw new AssertionError("EXTERNAL not offered to " + from + ": " + text());
    }
    if (bidi) {
      if (!features.contains("urn:xmpp:features:bidi")) {
        throw new AssertionError("bidi not offered to " + from + ": " + text());
      }
      send("<bidi xmlns='urn:xmpp:bidi'/>");
    }
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
    if (!readUntil("<success", 10_000).contains("<success")) {
      throw new AssertionError("SASL EXTERNAL as " + from + " failed: " + text());
    }
    restart(from, to);
  }

  /** A new stream header after SASL success; returns the new stream's features. */
  String restart(String from, String to) throws IOException {
    received.reset();
    send(header(from, to));
    return readUntil("</stream:features>", 10_000);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
