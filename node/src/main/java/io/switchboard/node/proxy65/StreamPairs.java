package io.switchboard.node.proxy65;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rendezvous of XEP-0065 mediated connections (§6.3): connections that sent the same CONNECT
 * digest wait here, at most two per digest, until the requester asks the proxy to activate them.
 * The target connects first (§6.3.2) and the requester second (§6.3.4); a third connection for a
 * digest is refused. Activation takes the pair out, so a digest is relayed at most once.
 *
 * <p>Thread-safe. Joins and leaves run on Netty event loops, activations on whichever thread
 * routes the IQ; each method holds the lock for a map operation and never calls out, so no lock
 * is ever held while touching a connection.
 *
 * @param <C> the connection type (a Netty channel in production)
 */
final class StreamPairs<C> {

  /** What became of a connection that asked to join a digest. */
  enum Join {
    /** The first connection of its digest. */
    FIRST,
    /** The second one: the pair is complete and may be activated. */
    SECOND,
    /** The digest already has two connections. */
    TAKEN,
    /** Too many digests are waiting; try later. */
    FULL
  }

  /** The answer to an activation request. */
  sealed interface Activation<C> {
    /** Both connections, taken out of the rendezvous; the caller relays between them. */
    record Activated<C>(C first, C second) implements Activation<C> {}

    /** No connection waits with that digest (XEP-0065: {@code item-not-found}). */
    record Unknown<C>() implements Activation<C> {}

    /** Only one party is connected (XEP-0065: {@code not-allowed}). */
    record OneParty<C>() implements Activation<C> {}
  }

  private record Pair<C>(C first, C second) {}

  private final int maxPending;
  private final Map<String, Pair<C>> pending = new HashMap<>();

  StreamPairs(int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1");
    }
    this.maxPending = maxPending;
  }

  synchronized Join join(String digest, C connection) {
    Objects.requireNonNull(connection, "connection");
    Pair<C> pair = pending.get(digest);
    if (pair == null) {
      if (pending.size() >= maxPending) {
        return Join.FULL;
      }
      pending.put(digest, new Pair<>(connection, null));
      return Join.FIRST;
    }
    if (pair.second() != null) {
      return Join.TAKEN;
    }
    pending.put(digest, new Pair<>(pair.first(), connection));
    return Join.SECOND;
  }

  /** A waiting connection went away; a no-op when it is not waiting (any more). */
  synchronized void leave(String digest, C connection) {
    Pair<C> pair = pending.get(digest);
    if (pair == null) {
      return;
    }
    if (pair.second() == connection) {
      pending.put(digest, new Pair<>(pair.first(), null));
    } else if (pair.first() == connection) {
      if (pair.second() == null) {
        pending.remove(digest);
      } else {
        pending.put(digest, new Pair<>(pair.second(), null));
      }
    }
  }

  synchronized Activation<C> activate(String digest) {
    Pair<C> pair = pending.get(digest);
    if (pair == null) {
      return new Activation.Unknown<>();
    }
    if (pair.second() == null) {
      return new Activation.OneParty<>();
    }
    pending.remove(digest);
    return new Activation.Activated<>(pair.first(), pair.second());
  }

  /** Digests waiting for activation (complete or not). */
  synchronized int pendingCount() {
    return pending.size();
  }
}
