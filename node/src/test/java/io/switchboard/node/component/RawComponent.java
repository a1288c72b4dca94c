package io.switchboard.node.component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hand-driven XEP-0114 peer on a real socket, for the error paths slixmpp cannot provoke. */
final class RawComponent implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("<stream:stream[^>]*\\sid='([^']+)'");
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final StringBuilder received = new StringBuilder();

  RawComponent(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Over a socket already connected (a TLS one, for the component port's direct TLS). */
  RawComponent(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(200);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends the stream header for {@code domain}; returns the stream id (null if none came). */
  String open(String domain) throws IOException {
    send("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='"
        + domain + "'>");
    awaitText(">", 10_000);
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = ID.matcher(received);
      if (m.find()) {
        return m.group(1);
      }
      if (closed()) {
        return null;
      }
      readSome();
    }
    return null;
  }

  /** Opens and sends the handshake for {@code secret}; true when {@code <handshake/>} came back. */
  boolean connect(String domain, String secret) throws IOException {
    String id = open(domain);
    send("<handshake>" + Handshake.digest(id, secret) + "</handshake>");
    return awaitText("<handshake/>", 10_000);
  }

  void send(String xml) throws IOException {
    out.write(xml.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Waits until {@code needle} was received (true), or the socket closed or time ran out (false). */
  boolean awaitText(String needle, long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (received.indexOf(needle) >= 0) {
        return true;
      }
      if (!readSome()) {
        return received.indexOf(needle) >= 0;
      }
    }
    return received.indexOf(needle) >= 0;
  }

  /** Reads until the server closes the connection; true if it did within {@code millis}. */
  boolean awaitClose(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (!readSome()) {
        return true;
      }
    }
    return false;
  }

  private boolean closedFlag;

  private boolean closed() {
    return closedFlag;
  }

  /** One read; false when the peer closed. */
  private boolean readSome() throws IOException {
    if (closedFlag) {
      return false;
    }
    byte[] buf = new byte[8192];
    try {
      int n = in.read(buf);
      if (n < 0) {
        closedFlag = true;
        return false;
      }
      received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      // nothing yet
    } catch (IOException e) {
      closedFlag = true;
      return false;
    }
    return true;
  }

  String received() {
    return received.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
