package io.switchboard.node.bosh;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * XEP-0124 §14 request ordering, without I/O: requests are processed strictly in {@code rid}
 * order even when they arrive out of order (as they do when two requests of one session travel
 * through different nodes); one with a later rid within the window waits for the ones before
 * it; a request sent again (§14.3, its response lost) gets the same response; an rid outside the
 * window ends the session with {@code item-not-found} (§17.2).
 *
 * @param <R> what the caller keeps for a request that waits (its body and reply address)
 */
final class RequestWindow<R> {
  /** What to do with an arriving request. */
  sealed interface Decision<R> {}

  /** Process it now; then {@link #nextInOrder()} the ones that waited for it. */
  record Process<R>(long rid) implements Decision<R> {}

  /** It waits until the requests before it have arrived. */
  record Wait<R>(long rid) implements Decision<R> {}

  /** Sent again after its response was already given: the same response. */
  record Repeat<R>(String response) implements Decision<R> {}

  /** Sent again while it is still held unanswered: answer the earlier copy empty, hold this one. */
  record Replace<R>(long rid) implements Decision<R> {}

  /** Outside the window (too far ahead, or older than anything remembered). */
  record OutOfWindow<R>(long rid) implements Decision<R> {}

  private final int size;
  private long next;
  private final TreeMap<Long, R> waiting = new TreeMap<>();
  private final LinkedHashMap<Long, String> answered = new LinkedHashMap<>();
  private final java.util.Set<Long> held = new java.util.HashSet<>();

  /**
   * @param firstRid the rid of the session creation request (already processed)
   * @param size how many requests the client may have open at once ({@code requests})
   */
  RequestWindow(long firstRid, int size) {
    this.next = firstRid + 1;
    this.size = size;
    this.held.add(firstRid);
  }

  Decision<R> arrive(long rid, R request) {
    if (held.contains(rid)) {
      return new Replace<>(rid);
    }
    String earlier = answered.get(rid);
    if (earlier != null) {
      return new Repeat<>(earlier);
    }
    if (rid == next) {
      next++;
      held.add(rid);
      return new Process<>(rid);
    }
    if (rid > next && rid < next + size && waiting.size() < size) {
      waiting.put(rid, request);
      return new Wait<>(rid);
    }
    return new OutOfWindow<>(rid);
  }

  /** The next request that waited and may now be processed, in order. */
  Optional<Map.Entry<Long, R>> nextInOrder() {
    Map.Entry<Long, R> first = waiting.firstEntry();
    if (first == null || first.getKey() != next) {
      return Optional.empty();
    }
    waiting.pollFirstEntry();
    next++;
    held.add(first.getKey());
    return Optional.of(first);
  }

  /** The highest rid processed so far (every one before it was processed too). */
  long highestInOrder() {
    return next - 1;
  }

  /** {@code rid} was answered with {@code response}, remembered for a repeat. */
  void answered(long rid, String response) {
    held.remove(rid);
    answered.put(rid, response);
    Iterator<Long> it = answered.keySet().iterator();
    while (answered.size() > size && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** XEP-0124 §9: the client acknowledged every response up to {@code rid}. */
  void acknowledged(long rid) {
    answered.keySet().removeIf(r -> r <= rid);
  }

  /** Requests that arrived ahead of their turn and still wait (their senders need an answer too). */
  Map<Long, R> drainWaiting() {
    Map<Long, R> all = new TreeMap<>(waiting);
    waiting.clear();
    return all;
  }
}
