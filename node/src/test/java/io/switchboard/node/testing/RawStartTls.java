package io.switchboard.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;

/**
 * STARTTLS on the node's c2s port driven byte by byte: an {@link SSLEngine} over a plain socket
 * (Nagle off), so a test chooses exactly which bytes share a TCP write. Used to pin down the
 * server's side of the stream restart after {@code <proceed/>}: the client's new stream header in
 * the same segment as its TLS Finished, right after it, and plaintext pipelined behind
 * {@code <starttls/>} (which the server must discard, RFC 6120 §5.4.3.3).
 */
public final class RawStartTls {
  public static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' "
      + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

  /** How the client's new stream header leaves relative to its TLS Finished. */
  public enum HeaderTiming {
    /** Finished and the encrypted header in one write: one TCP segment, one server read. */
    SAME_SEGMENT_AS_FINISHED,
    /** Finished written, then the header in a second write at once. */
    RIGHT_AFTER_FINISHED
  }

  private RawStartTls() {}

  /**
   * Opens a stream, sends {@code <starttls/>} followed in the same write by {@code pipelined}
   * plaintext, completes the handshake, sends the new header as {@code timing} says and returns
   * everything the server sent over TLS up to the end of its stream features.
   *
   * @throws SocketTimeoutException when the features do not come within 5 s
   */
  public static String featuresAfterTls(InProcessNode node, HeaderTiming timing, String pipelined) throws Exception {
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", node.c2sPort()))) {
      ch.socket().setTcpNoDelay(true);
      ch.socket().setSoTimeout(5000);
      InputStream in = ch.socket().getInputStream();
      writeAll(ch, ByteBuffer.wrap(HEADER.getBytes(StandardCharsets.UTF_8)));
      readPlainUntil(in, "</stream:features>");
      writeAll(ch, ByteBuffer.wrap(("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + pipelined)
          .getBytes(StandardCharsets.UTF_8)));
      readPlainUntil(in, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");

      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {SmackClients.trustOnly(node)}, null);
      SSLEngine engine = ctx.createSSLEngine("localhost", node.c2sPort());
      engine.setUseClientMode(true);
      engine.beginHandshake();
      int size = engine.getSession().getPacketBufferSize() * 4;
      ByteBuffer netIn = ByteBuffer.allocate(size);
      ByteBuffer app = ByteBuffer.allocate(size);
      ByteBuffer out = ByteBuffer.allocate(size);
      handshakeUpToFinished(engine, ch, in, netIn, app, out);
      // 'out' holds the client's Finished, not yet written.
      ByteBuffer header = ByteBuffer.wrap(HEADER.getBytes(StandardCharsets.UTF_8));
      if (timing == HeaderTiming.RIGHT_AFTER_FINISHED) {
        writeAll(ch, out.flip());
        out.clear();
      }
      engine.wrap(header, out);
      writeAll(ch, out.flip());
      return readTlsUntil(engine, in, netIn, app, "</stream:features>");
    }
  }

  /** Drives the handshake until the engine has wrapped the client's Finished into {@code out}. */
  private static void handshakeUpToFinished(SSLEngine engine, SocketChannel ch, InputStream in, ByteBuffer netIn,
      ByteBuffer app, ByteBuffer out) throws IOException {
    ByteBuffer empty = ByteBuffer.allocate(0);
    while (true) {
      HandshakeStatus status = engine.getHandshakeStatus();
      switch (status) {
        case NEED_TASK -> runTasks(engine);
        case NEED_WRAP -> {
          SSLEngineResult r = engine.wrap(empty, out);
          if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            return;
          }
          writeAll(ch, out.flip());
          out.clear();
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          SSLEngineResult r = engine.unwrap(netIn.flip(), app);
          netIn.compact();
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            readInto(in, netIn);
          }
        }
        default -> throw new IllegalStateException("TLS handshake ended before the client's Finished: " + status);
      }
    }
  }

  private static String readTlsUntil(SSLEngine engine, InputStream in, ByteBuffer netIn, ByteBuffer app, String end)
      throws IOException {
    StringBuilder text = new StringBuilder();
    while (text.indexOf(end) < 0) {
      app.clear();
      SSLEngineResult r = engine.unwrap(netIn.flip(), app);
      netIn.compact();
      if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        runTasks(engine);
      }
      text.append(StandardCharsets.UTF_8.decode(app.flip()));
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new IOException("TLS closed before " + end + ", got: " + text);
      }
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
        readInto(in, netIn);
      }
    }
    return text.toString();
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  private static void readInto(InputStream in, ByteBuffer netIn) throws IOException {
    byte[] chunk = new byte[netIn.remaining()];
    int n = in.read(chunk); // SO_TIMEOUT: SocketTimeoutException after 5 s of silence
    if (n < 0) {
      throw new IOException("connection closed by the server");
    }
    netIn.put(chunk, 0, n);
  }

  /** Plaintext one byte at a time, so that nothing after {@code end} (TLS records) is consumed. */
  private static void readPlainUntil(InputStream in, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before " + end + ", got: " + text);
      }
      text.append((char) b);
    }
  }

  private static void writeAll(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
