package io.switchboard.sharding.remotepresence;

import java.util.HashMap;
import java.util.Map;

/**
 * The pure decision step of {@link PeerStreams}: which incoming s2s streams from one remote domain
 * are open anywhere in the cluster (stream id → when its node last vouched for it, in
 * milliseconds), and since when the domain has had none after losing one ({@code lostAt}, or -1).
 *
 * <p>The domain is announced lost when the last stream ended badly (closed without
 * {@code </stream:stream>}, a ping timeout, a stream error, or its node stopped vouching for it)
 * and no stream came back within {@code grace}. A stream that the peer closed politely is no loss:
 * servers close idle s2s streams (RFC 6120 §4.4), and its contacts' presence is still true.
 */
record PeerStreamsState(Map<String, Long> streams, long lostAt) {
  static final PeerStreamsState EMPTY = new PeerStreamsState(Map.of(), -1);

  PeerStreamsState {
    streams = Map.copyOf(streams);
  }

  /** A stream authenticated the domain, or its node vouches for it again: nothing is lost. */
  PeerStreamsState up(String id, long now) {
    Map<String, Long> s = new HashMap<>(streams);
    s.put(id, now);
    return new PeerStreamsState(s, -1);
  }

  /** A stream ended; {@code lost}: not closed politely by the peer. */
  PeerStreamsState down(String id, boolean lost, long now) {
    if (!streams.containsKey(id)) {
      return this;
    }
    Map<String, Long> s = new HashMap<>(streams);
    s.remove(id);
    long since = lostAt;
    if (lost && s.isEmpty() && since < 0) {
      since = now;
    }
    return new PeerStreamsState(s, since);
  }

  /** Streams whose node has not vouched for them within {@code lease} are lost (the node died). */
  PeerStreamsState expire(long now, long lease) {
    Map<String, Long> s = new HashMap<>(streams);
    boolean dropped = s.values().removeIf(seen -> now - seen > lease);
    if (!dropped) {
      return this;
    }
    return new PeerStreamsState(s, s.isEmpty() && lostAt < 0 ? now : lostAt);
  }

  /** Whether the domain is to be announced lost now. */
  boolean announceDue(long now, long grace) {
    return streams.isEmpty() && lostAt >= 0 && now - lostAt >= grace;
  }

  PeerStreamsState announced() {
    return new PeerStreamsState(streams, -1);
  }

  /** Nothing to watch: the entity may stop. */
  boolean idle() {
    return streams.isEmpty() && lostAt < 0;
  }
}
