package io.switchboard.node.stream;

import io.switchboard.protocol.sasl.ChannelBindings;
import io.switchboard.protocol.stream.StreamHeader;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * What a {@link ClientStream} needs from the connection it runs on (TCP, WebSocket, BOSH): the
 * transport's framing of the stream (RFC 6120 stream header and closing tag, or RFC 7395
 * {@code <open/>}/{@code <close/>}), TLS, restarts after negotiation steps, the stream's own thread
 * and its timers. Every method but {@link StanzaSink}'s is called on that thread.
 */
public interface StreamTransport extends StanzaSink {

  /** Answers the client's stream header with {@code header}, in this transport's framing. */
  void openStream(StreamHeader header);

  /** Closes the connection at once, without a closing tag (a failed TLS handshake, an I/O error). */
  void abort();

  /** Whether what the client sends is encrypted (TLS from the start, after STARTTLS, or by the transport's front). */
  boolean isSecure();

  /** Whether this transport can switch to TLS in the stream (RFC 6120 §5); false for WebSocket and BOSH. */
  boolean canStartTls();

  /**
   * RFC 6120 §5.4.3.3: writes {@code <proceed/>} in plaintext, then everything after is TLS; bytes
   * the client sent after {@code <starttls/>} in plaintext are discarded and a new stream follows.
   */
  void startTls();

  /**
   * A new stream on the same connection (after SASL success, RFC 6120 §6.4.6): the parser starts
   * over; with {@code discardPending} what was already read is dropped.
   */
  void restartStream(boolean discardPending);

  /** Runs {@code task} on the stream's thread, after what is already queued there. */
  void execute(Runnable task);

  /** Runs {@code task} on the stream's thread after {@code delay}. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay);

  /** When bytes last arrived from the client ({@link System#nanoTime()}). */
  long lastReadNanos();

  /** Drops the parser's buffers until the next read, if the stream is between stanzas. */
  void hibernateParser();

  /** The client's address (for per-address limits). */
  InetAddress remoteAddress();

  /** The client's address for logs. */
  String describe();

  /** Which transport this is, for the metrics' {@code transport} label. */
  StreamMetrics.Transport kind();

  /**
   * The TLS channel bindings this connection can give SCRAM-*-PLUS (RFC 5056): none unless the
   * transport runs the TLS session itself (a TLS front that terminates elsewhere cannot bind).
   */
  default ChannelBindings channelBindings() {
    return ChannelBindings.NONE;
  }

  /**
   * Since when ({@link System#nanoTime()}) a first-level element has been partly read and is not
   * yet complete; -1 when the parser sits between elements (or the transport frames whole
   * elements, as WebSocket and BOSH do).
   */
  default long partialElementSinceNanos() {
    return -1;
  }
}
