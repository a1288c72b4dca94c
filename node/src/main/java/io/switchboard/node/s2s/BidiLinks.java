package io.switchboard.node.s2s;

import io.switchboard.sharding.s2s.OutboundLinks;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The incoming streams on this node that may also carry our stanzas (XEP-0288): the peer asked for
 * a bidirectional stream and authenticated a (remote, local) domain pair on it. When a
 * {@code RemoteDomain} entity of this node wants a stream for that pair, {@link S2sConnector} hands
 * it such a stream instead of dialling out.
 *
 * <p>Node-local: a stream is used only by the entity of its pair when that entity runs on the node
 * that accepted the connection. An entity on another node dials out as without XEP-0288 (two
 * connections, as before). When the stream closes, its entity hears {@code down()}, sends again what
 * was not written, and its next stream is an ordinary outgoing one unless another bidirectional
 * stream for the pair is open here by then. Thread-safe.
 */
final class BidiLinks {

  /** An incoming bidirectional stream, as seen by the connector. */
  interface Carrier {
    /**
     * Serves {@code listener} for the pair on the stream's event loop: {@code up()} at once, or,
     * if the stream has closed meanwhile, {@code orElse} runs instead.
     */
    void attach(String local, String remote, OutboundLinks.Listener listener, Runnable orElse);
  }

  private final Map<String, Carrier> byPair = new ConcurrentHashMap<>();

  /** {@code carrier} may carry stanzas from {@code local} to {@code remote}; the latest offer wins. */
  void offer(String local, String remote, Carrier carrier) {
    byPair.put(key(local, remote), carrier);
  }

  /** {@code carrier} closed: no longer offered (another stream's later offer stays). */
  void withdraw(String local, String remote, Carrier carrier) {
    byPair.remove(key(local, remote), carrier);
  }

  /**
   * Attaches {@code listener} to a bidirectional stream for the pair, if one is open on this node;
   * false if none is (then the caller dials out).
   */
  boolean attach(String local, String remote, OutboundLinks.Listener listener, Runnable orElse) {
    Carrier c = byPair.get(key(local, remote));
    if (c == null) {
      return false;
    }
    c.attach(local, remote, listener, orElse);
    return true;
  }

  int size() {
    return byPair.size();
  }

  private static String key(String local, String remote) {
    return local + " " + remote;
  }
}
