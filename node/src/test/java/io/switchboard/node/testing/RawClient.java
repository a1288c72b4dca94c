package io.switchboard.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A hand-driven client stream over direct TLS, for input no client library would send: it logs in
 * with PLAIN and binds a resource, then sends raw text and reads the server's raw bytes. What it
 * reads is kept as text, in order, so a test can check exactly what went over the wire.
 */
public final class RawClient implements AutoCloseable {
  public static final String HEADER_FORMAT =
      "<?xml version='1.0'?><stream:stream to='%s' version='1.0' xmlns='jabber:client' "
          + "xmlns:stream='http://etherx.jabber.org/streams'>";

  private final SSLSocket socket;
  private final InputStream in;
  private final StringBuilder pending = new StringBuilder();
  private final ByteArrayOutputStream undecoded = new ByteArrayOutputStream();

  private RawClient(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** A TLS connection to the node's direct-TLS port, before any stream header. */
  public static RawClient connect(InProcessNode node) throws Exception {
    return connect(node, false);
  }

  /** The same, with Nagle's algorithm off when {@code noDelay} (for timing: no 40 ms delayed-ACK waits). */
  public static RawClient connect(InProcessNode node, boolean noDelay) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {SmackClients.trustOnly(node)}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", node.c2sTlsPort());
    s.setTcpNoDelay(noDelay);
    s.setSoTimeout(15_000);
    s.startHandshake();
    return new RawClient(s);
  }

  /** Connects, authenticates {@code user} with PLAIN and binds {@code resource}. */
  public static RawClient login(InProcessNode node, String user, String password, String resource)
      throws Exception {
    RawClient c = connect(node);
    String header = String.format(HEADER_FORMAT, node.domain());
    c.send(header);
    c.readUntil("</stream:features>");
    String plain = Base64.getEncoder().encodeToString(
        ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
    String outcome = c.readUntilAny("<success", "</failure>");
    if (!outcome.contains("<success")) {
      throw new IOException("authentication failed: " + outcome);
    }
    c.readUntil(">"); // the rest of <success .../>
    c.send(header);
    c.readUntil("</stream:features>");
    c.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
        + resource + "</resource></bind></iq>");
    c.readUntil("</iq>");
    return c;
  }

  /** The TLS session (the server's certificate, for channel binding). */
  public javax.net.ssl.SSLSession tlsSession() {
    return socket.getSession();
  }

  public void send(String xml) throws IOException {
    socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Everything read up to and including {@code marker}; what follows stays for the next read. */
  public String readUntil(String marker) throws IOException {
    return readUntilAny(marker);
  }

  /** Everything read up to and including the first of {@code markers} to appear. */
  public String readUntilAny(String... markers) throws IOException {
    while (true) {
      int end = -1;
      for (String m : markers) {
        int at = pending.indexOf(m);
        if (at >= 0 && (end < 0 || at + m.length() < end)) {
          end = at + m.length();
        }
      }
      if (end >= 0) {
        String out = pending.substring(0, end);
        pending.delete(0, end);
        return out;
      }
      readMore();
    }
  }

  /**
   * What arrived within {@code wait} (at most one read; empty when nothing came), plus what an
   * earlier read left over.
   */
  public String readAvailable(Duration wait) throws IOException {
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    try {
      if (pending.length() == 0) {
        readMore();
      }
    } catch (SocketTimeoutException e) {
      // nothing within wait
    } finally {
      socket.setSoTimeout(15_000);
    }
    String out = pending.toString();
    pending.setLength(0);
    return out;
  }

  /** Whether the server closed the stream or the connection within {@code wait}. */
  public boolean closedWithin(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      while (pending.indexOf("</stream:stream>") < 0) {
        readMore();
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      socket.setSoTimeout(15_000);
    }
  }

  private void readMore() throws IOException {
    byte[] b = new byte[8192];
    int n = in.read(b);
    if (n < 0) {
      throw new IOException("stream closed; had: " + pending);
    }
    undecoded.write(b, 0, n);
    byte[] all = undecoded.toByteArray();
    int complete = completeUtf8Length(all);
    pending.append(new String(all, 0, complete, StandardCharsets.UTF_8));
    undecoded.reset();
    undecoded.write(all, complete, all.length - complete);
  }

  /** The length of the prefix of {@code b} that ends on a whole UTF-8 sequence. */
  private static int completeUtf8Length(byte[] b) {
    int i = b.length;
    int back = 0;
    while (i > 0 && back < 4 && (b[i - 1] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    if (i == 0) {
      return b.length;
    }
    int lead = b[i - 1] & 0xFF;
    int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return need > back ? i - 1 : b.length;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
