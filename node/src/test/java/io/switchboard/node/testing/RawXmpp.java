package io.switchboard.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client stream written by hand on a real socket, for what no client library sends: raw stanzas
 * and single SASL steps. Reads are bounded by a socket timeout.
 */
public final class RawXmpp implements AutoCloseable {
  public static final String HEADER_TEMPLATE =
      "<?xml version='1.0'?><stream:stream to='%s' version='1.0' xmlns='jabber:client' "
          + "xmlns:stream='http://etherx.jabber.org/streams'>";

  private final Socket socket;
  private final ByteArrayOutputStream unread = new ByteArrayOutputStream();

  private RawXmpp(Socket socket) {
    this.socket = socket;
  }

  /** Direct TLS (the c2s-tls port), trusting exactly what {@code trust} trusts. */
  public static RawXmpp directTls(int port, X509TrustManager trust) throws IOException, GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trust}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.startHandshake();
    return new RawXmpp(s);
  }

  /** Opens the stream to {@code domain} and returns everything up to the end of the features. */
  public String open(String domain) throws IOException {
    send(String.format(HEADER_TEMPLATE, domain));
    return readUntil("</stream:features>");
  }

  public void send(String xml) throws IOException {
    socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads until {@code end} has arrived (or the peer closes / the timeout fires) and returns it all. */
  public String readUntil(String end) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] b = new byte[4096];
    while (!unread.toString(StandardCharsets.UTF_8).contains(end)) {
      int n = in.read(b);
      if (n < 0) {
        break;
      }
      unread.write(b, 0, n);
    }
    String all = unread.toString(StandardCharsets.UTF_8);
    int at = all.indexOf(end);
    String head = at < 0 ? all : all.substring(0, at + end.length());
    String tail = at < 0 ? "" : all.substring(at + end.length());
    unread.reset();
    unread.write(tail.getBytes(StandardCharsets.UTF_8));
    return head;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
