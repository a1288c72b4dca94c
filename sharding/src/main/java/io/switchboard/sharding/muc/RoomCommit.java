package io.switchboard.sharding.muc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The events a room decided since its last journal write, written together (as pub-sub nodes
 * do, {@code pubsub.GroupCommit}): 2,000 clients entering a room at once are decided each against
 * the state the queued ones lead to and written in a few writes of at most {@link #MAX_EVENTS}
 * events, not 2,000 writes one behind the other. Each queued decision gets a gate that opens when
 * its events are written; what it sends waits behind that gate ({@link RoomOutbox}).
 */
final class RoomCommit {
  /** Events per write (the journal's batch limit is 100). */
  static final int MAX_EVENTS = 50;

  private final List<RoomEvent> events = new ArrayList<>();
  private final List<CompletableFuture<Void>> gates = new ArrayList<>();
  private RoomState provisional;

  /** What is written and then opened by one flush. */
  record Batch(List<RoomEvent> events, List<CompletableFuture<Void>> gates) {
    void opened() {
      gates.forEach(g -> g.complete(null));
    }
  }

  boolean isEmpty() {
    return gates.isEmpty();
  }

  /** The state to decide the next request against: the written one plus what is queued. */
  RoomState state(RoomState written) {
    return provisional == null ? written : provisional;
  }

  /** Queues {@code decided} (possibly none: its answer must wait behind the queue) and returns its gate. */
  CompletableFuture<Void> add(RoomState written, List<RoomEvent> decided) {
    if (!decided.isEmpty()) {
      RoomState s = state(written);
      for (RoomEvent e : decided) {
        s = s.apply(e);
      }
      provisional = s;
      events.addAll(decided);
    }
    CompletableFuture<Void> gate = new CompletableFuture<>();
    gates.add(gate);
    return gate;
  }

  boolean full() {
    return events.size() >= MAX_EVENTS;
  }

  Batch drain() {
    Batch b = new Batch(List.copyOf(events), List.copyOf(gates));
    events.clear();
    gates.clear();
    provisional = null;
    return b;
  }
}
