package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.xml.XmlElement;
import java.util.function.Consumer;

/**
 * Where a bound client's session writes: first-level elements in the transport's framing (a TCP
 * stream, WebSocket frames, BOSH bodies). Thread-safe: the session writes from its connection
 * actor's thread as well as the stream's own; writes keep the order they were made in.
 */
public interface StanzaSink {

  /** Writes one first-level element (a stanza, or a nonza such as {@code <r/>}). */
  void send(XmlElement element);

  /**
   * Writes one first-level element and tells {@code written} whether it left (true) or could not
   * be written because the connection closed first (false). Receipts wait on it.
   */
  void send(XmlElement element, Consumer<Boolean> written);

  /**
   * After everything already written: {@code error} (none when null), the stream's closing, then
   * the connection closes (RFC 6120 §4.4, §4.9.1).
   */
  void closeStream(StreamError error);

  /** Whether the connection is still open. */
  boolean isOpen();

  /**
   * Stops reading what the client sends ({@code true}) until called with {@code false}: the
   * session asks for it while the cluster has not yet taken what the client already sent (see
   * {@link ConnectionActor}), so a client faster than the cluster is slowed by TCP back-pressure
   * instead of piling up in memory. Thread-safe. Transports that cannot pause their reading
   * (BOSH: its client sends only as many requests as the server holds) ignore it.
   */
  default void holdReads(boolean hold) {
  }
}
