package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal blocking SOCKS5 client (RFC 1928, no authentication) as XEP-0065 parties use it. */
final class Socks5TestClient implements AutoCloseable {
  static final int NO_AUTH = 0x00;
  static final int USERNAME_PASSWORD = 0x02;
  static final int CONNECT = 0x01;
  static final int BIND = 0x02;
  static final int IPV4 = 0x01;
  static final int DOMAIN = 0x03;

  private static final int TIMEOUT_MILLIS = 5000;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** A reply to a command (RFC 1928 §6). */
  record Reply(int status, int addressType, String address, int port) {}

  private Socks5TestClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static Socks5TestClient open(InetSocketAddress proxy) throws IOException {
    Socket s = new Socket();
    s.connect(proxy, TIMEOUT_MILLIS);
    s.setSoTimeout(TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    return new Socks5TestClient(s);
  }

  /** Opens, negotiates no-auth and CONNECTs to {@code digest}; asserts success at each step. */
  static Socks5TestClient established(InetSocketAddress proxy, String digest) throws IOException {
    Socks5TestClient c = open(proxy);
    assertThat(c.greet(NO_AUTH)).isEqualTo(NO_AUTH);
    Reply reply = c.connect(digest, 0);
    assertThat(reply).isEqualTo(new Reply(0, DOMAIN, digest, 0));
    return c;
  }

  static byte[] greeting(int... methods) {
    byte[] b = new byte[2 + methods.length];
    b[0] = 5;
    b[1] = (byte) methods.length;
    for (int i = 0; i < methods.length; i++) {
      b[2 + i] = (byte) methods[i];
    }
    return b;
  }

  static byte[] command(int cmd, int addressType, byte[] address, int port) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(5);
    b.write(cmd);
    b.write(0);
    b.write(addressType);
    if (addressType == DOMAIN) {
      b.write(address.length);
    }
    b.writeBytes(address);
    b.write(port >> 8);
    b.write(port & 0xff);
    return b.toByteArray();
  }

  static byte[] connectRequest(String domain, int port) {
    return command(CONNECT, DOMAIN, domain.getBytes(StandardCharsets.US_ASCII), port);
  }

  /** Sends a method-selection request; returns the method the server chose. */
  int greet(int... methods) throws IOException {
    send(greeting(methods));
    return readGreetingReply();
  }

  int readGreetingReply() throws IOException {
    assertThat(in.readUnsignedByte()).as("version").isEqualTo(5);
    return in.readUnsignedByte();
  }

  Reply connect(String domain, int port) throws IOException {
    send(connectRequest(domain, port));
    return readReply();
  }

  Reply readReply() throws IOException {
    assertThat(in.readUnsignedByte()).as("version").isEqualTo(5);
    int status = in.readUnsignedByte();
    in.readUnsignedByte();
    int type = in.readUnsignedByte();
    String address;
    if (type == DOMAIN) {
      byte[] a = new byte[in.readUnsignedByte()];
      in.readFully(a);
      address = new String(a, StandardCharsets.US_ASCII);
    } else if (type == IPV4) {
      byte[] a = new byte[4];
      in.readFully(a);
      address = (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    } else {
      byte[] a = new byte[16];
      in.readFully(a);
      address = "ipv6";
    }
    int port = in.readUnsignedShort();
    return new Reply(status, type, address, port);
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  byte[] read(int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  String readString(int bytes) throws IOException {
    return new String(read(bytes), StandardCharsets.UTF_8);
  }

  /** Whether the proxy closed the connection (end of stream) within the socket timeout. */
  boolean closedByProxy() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // A reset is a close too.
      return true;
    }
  }

  /** Whether nothing arrives (and the connection stays open) for {@code wait}. */
  boolean quietFor(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(TIMEOUT_MILLIS);
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  DataInputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
