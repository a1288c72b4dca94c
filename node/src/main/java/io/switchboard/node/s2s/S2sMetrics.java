package io.switchboard.node.s2s;

import io.switchboard.protocol.error.StreamErrorCondition;

/**
 * What the server-to-server streams of a node count (issue #21): {@code node.metrics.S2sCounters}
 * when metrics are enabled, {@link #NONE} otherwise. {@code direction} is {@code in} or
 * {@code out}. Called from the streams' event loops: an implementation must be cheap and
 * thread-safe.
 */
public interface S2sMetrics {
  /** The authentication labels: SASL EXTERNAL (XEP-0178) or dialback (XEP-0220). */
  String EXTERNAL = "sasl-external";
  String DIALBACK = "dialback";

  /** A stream was opened: an incoming connection accepted, an outgoing stream connected. */
  void opened(String direction);

  /** A stream counted by {@link #opened} was closed. */
  void closed(String direction);

  /** A domain pair was authenticated on a stream by {@code auth} ({@link #EXTERNAL} or {@link #DIALBACK}). */
  void authenticated(String direction, String auth);

  /** A stanza was accepted on an incoming stream or written to an outgoing one. */
  void stanza(String direction);

  /** This node closed an incoming stream with {@code condition} (RFC 6120 §4.9). */
  void streamError(StreamErrorCondition condition);

  S2sMetrics NONE = new S2sMetrics() {
    @Override
    public void opened(String direction) {}

    @Override
    public void closed(String direction) {}

    @Override
    public void authenticated(String direction, String auth) {}

    @Override
    public void stanza(String direction) {}

    @Override
    public void streamError(StreamErrorCondition condition) {}
  };
}
