package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.sasl.SaslFailureCondition;

/**
 * What a node's client streams count for operators (issue #21), whatever the transport. The node
 * passes one in {@link StreamServices}: {@code node.metrics.StreamCounters} when
 * {@code switchboard.metrics.enabled}, {@link #NONE} otherwise, so the stream code has no branch
 * on whether metrics are on.
 *
 * <p>Called on the streams' threads and the connection actors' (concurrently): an implementation
 * must not block, take a lock or allocate on the per-stanza calls ({@link #stanzaIn},
 * {@link #stanzaOut}); the per-login and per-error calls are rare enough for a map look-up.
 */
public interface StreamMetrics {

  /** Which transport carries a stream (the {@code transport} label). */
  enum Transport {
    TCP("tcp"), WEBSOCKET("websocket"), BOSH("bosh");

    private final String label;

    Transport(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The kinds of stanza (RFC 6120 §8), the {@code kind} label. */
  enum Kind {
    MESSAGE("message"), PRESENCE("presence"), IQ("iq");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The kind of a stanza by its element name, or null for anything else (a nonza). */
    public static Kind of(String elementName) {
      return switch (elementName) {
        case "message" -> MESSAGE;
        case "presence" -> PRESENCE;
        case "iq" -> IQ;
        default -> null;
      };
    }
  }

  /** A connection was opened (counted once per stream, until {@link #streamClosed}). */
  void streamOpened(Transport transport);

  void streamClosed(Transport transport);

  /** SASL succeeded with {@code mechanism} (the client's name for it, as sent). */
  void loginSucceeded(String mechanism);

  /** A SASL {@code <failure/>} was sent; {@code mechanism} is the client's name for it, as sent. */
  void saslFailed(String mechanism, SaslFailureCondition condition);

  /** A stream error went to the client (RFC 6120 §4.9). */
  void streamError(StreamErrorCondition condition);

  /** A stanza from a bound client. */
  void stanzaIn(Kind kind);

  /** A stanza written to a bound client. */
  void stanzaOut(Kind kind);

  /** XEP-0198: a resumable session lost its connection and was parked. */
  void parked();

  /** XEP-0198: a parked session was resumed on this node. */
  void resumed();

  /** XEP-0198: a session was closed with policy-violation for too many unacknowledged stanzas. */
  void unackedOverflow();

  /** Reading from a client was held: {@code max-in-flight} of its stanzas waited for the cluster. */
  default void readsHeld() { }

  /**
   * {@code sink} as a bound session writes through it, counting the stanzas written
   * ({@link #stanzaOut}) and the stream error it may close with ({@link #streamError}).
   */
  default StanzaSink counting(StanzaSink sink) {
    return new CountingSink(sink, this);
  }

  /** Counts nothing. */
  StreamMetrics NONE = new StreamMetrics() {
    @Override
    public void streamOpened(Transport transport) { }

    @Override
    public void streamClosed(Transport transport) { }

    @Override
    public void loginSucceeded(String mechanism) { }

    @Override
    public void saslFailed(String mechanism, SaslFailureCondition condition) { }

    @Override
    public void streamError(StreamErrorCondition condition) { }

    @Override
    public void stanzaIn(Kind kind) { }

    @Override
    public void stanzaOut(Kind kind) { }

    @Override
    public void parked() { }

    @Override
    public void resumed() { }

    @Override
    public void unackedOverflow() { }

    @Override
    public StanzaSink counting(StanzaSink sink) {
      return sink;
    }
  };
}
