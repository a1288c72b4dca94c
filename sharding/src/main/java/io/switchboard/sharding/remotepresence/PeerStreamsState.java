package io.switchboard.sharding.remotepresence;

import java.util.HashMap;
import java.util.Map;

/**
 * The pure decision step of {@link PeerStreams}: which incoming s2s streams from one remote domain
 * are open anywhere in the cluster (stream id → when its node last vouched for it, in
 * milliseconds), since when the domain has had none after losing one ({@code lostAt}, or -1), and
 * since when a loss announced for it waits for the domain to come back ({@code announcedAt}, or -1).
 *
 * <p>The domain is announced lost when the last stream ended badly (closed without
 * {@code </stream:stream>}, a ping timeout, a stream error, or its node stopped vouching for it)
 * and no stream came back within {@code grace}. A stream that the peer closed politely is no loss:
 * servers close idle s2s streams (RFC 6120 §4.4), and its contacts' presence is still true.
 *
 * <p>After the announcement, the first stream that authenticates the domain again makes it
 * {@linkplain #returning() returning}, and so does an outgoing stream of ours that authenticates to
 * it while its return is {@linkplain #awaitingReturn() awaited}: announced once, then forgotten. A loss that sees no return
 * within the return window is forgotten too ({@link #forget}), so the entity can stop.
 */
record PeerStreamsState(Map<String, Long> streams, long lostAt, long announcedAt) {
  static final PeerStreamsState EMPTY = new PeerStreamsState(Map.of(), -1, -1);

  PeerStreamsState {
    streams = Map.copyOf(streams);
  }

  /** A stream authenticated the domain, or its node vouches for it again: nothing is lost. */
  PeerStreamsState up(String id, long now) {
    Map<String, Long> s = new HashMap<>(streams);
    s.put(id, now);
    return new PeerStreamsState(s, -1, announcedAt);
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
    return new PeerStreamsState(s, since, announcedAt);
  }

  /** Streams whose node has not vouched for them within {@code lease} are lost (the node died). */
  PeerStreamsState expire(long now, long lease) {
    Map<String, Long> s = new HashMap<>(streams);
    boolean dropped = s.values().removeIf(seen -> now - seen > lease);
    if (!dropped) {
      return this;
    }
    return new PeerStreamsState(s, s.isEmpty() && lostAt < 0 ? now : lostAt, announcedAt);
  }

  /** Whether the domain is to be announced lost now. */
  boolean announceDue(long now, long grace) {
    return streams.isEmpty() && lostAt >= 0 && now - lostAt >= grace;
  }

  /** The loss was announced at {@code now}: from now on a stream that comes up is a return. */
  PeerStreamsState announced(long now) {
    return new PeerStreamsState(streams, -1, now);
  }

  /** Whether the domain came back after an announced loss: to be announced as returned now. */
  boolean returning() {
    return announcedAt >= 0 && !streams.isEmpty();
  }

  /**
   * Whether a loss was announced and the domain is not back yet: an outgoing stream of ours that
   * authenticates to it now is its return too (it changes no incoming stream, which alone count
   * for a loss).
   */
  boolean awaitingReturn() {
    return announcedAt >= 0;
  }

  /** The return was announced (or is no longer awaited). */
  PeerStreamsState returnAnnounced() {
    return new PeerStreamsState(streams, lostAt, -1);
  }

  /** A loss announced longer than {@code window} ago is no longer awaited back. */
  PeerStreamsState forget(long now, long window) {
    return announcedAt >= 0 && now - announcedAt > window ? returnAnnounced() : this;
  }

  /** Nothing to watch: the entity may stop. */
  boolean idle() {
    return streams.isEmpty() && lostAt < 0 && announcedAt < 0;
  }
}
