package io.switchboard.sharding.remotepresence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The pure part of {@link PeerLossRelay}'s pacing of returns: the (domain, session) pairs still to
 * be told that their domain came back, in arrival order, each at most once, at most {@code max}
 * (beyond that a pair is dropped: that account's contacts stay offline until they send presence,
 * as without the re-probe). {@link #take} hands out at most a batch per tick, so that a peer that
 * comes back to many accounts gets their probes spread over time rather than at once.
 */
final class ReturnQueue<T> {
  private final int max;
  private final LinkedHashSet<T> pending = new LinkedHashSet<>();
  private long dropped;

  ReturnQueue(int max) {
    this.max = max;
  }

  /** Queues {@code item} unless already queued; false if dropped for lack of room. */
  boolean offer(T item) {
    if (pending.contains(item)) {
      return true;
    }
    if (pending.size() >= max) {
      dropped++;
      return false;
    }
    pending.add(item);
    return true;
  }

  /** Removes and returns the oldest {@code n} items (fewer if fewer are queued). */
  List<T> take(int n) {
    List<T> out = new ArrayList<>(Math.min(n, pending.size()));
    Iterator<T> it = pending.iterator();
    while (out.size() < n && it.hasNext()) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  int size() {
    return pending.size();
  }

  /** How many items were dropped for lack of room so far. */
  long dropped() {
    return dropped;
  }
}
