package io.switchboard.sharding.pubsub;

import io.switchboard.sharding.pubsub.PubSubNode.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The decisions a node entity took since its last journal write, to be written together.
 *
 * <p>Each request to a node used to be one journal write, and the entity handles nothing else
 * while a write is in flight: 2,000 subscribers subscribing within a few seconds (a feed going
 * live, every client reconnecting after a restart) queued 2,000 writes one behind the other, and
 * the last hundreds were answered with an error by the service's ask timeout although their
 * subscription was then written. Now a decision is queued here, decided against the state its
 * queued predecessors lead to ({@link #state}), and the entity writes the whole queue as one
 * atomic write when its flush message comes round (after every request already in its mailbox),
 * or at once when the queue holds {@link #maxEvents} events. Answers and side effects (fan-out,
 * last item, registry) run in order after the write, so no answer reveals an unwritten change;
 * answers without events queue behind pending ones for the same reason.
 *
 * <p>One write per flush stays one Cassandra partition (one persistence id), so the journal's
 * unlogged batch is not subject to the multi-partition batch size limits; {@link #maxEvents}
 * keeps it under the journal plugin's {@code max-message-batch-size} (100).
 */
final class GroupCommit {
  /** Events per write: flush at once when the queue reaches it. */
  static final int MAX_EVENTS = 50;

  private final int maxEvents;
  private final List<Event> events = new ArrayList<>();
  private final List<Consumer<NodeState>> actions = new ArrayList<>();
  private NodeState provisional;

  GroupCommit(int maxEvents) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
    }
    this.maxEvents = maxEvents;
  }

  /** What is written and run by one flush. */
  record Batch(List<Event> events, List<Consumer<NodeState>> actions) {
    /** Runs the queued answers and side effects with the state after the write. */
    void run(NodeState written) {
      for (Consumer<NodeState> a : actions) {
        a.accept(written);
      }
    }
  }

  boolean isEmpty() {
    return actions.isEmpty();
  }

  /** The state to decide the next request against: the written one plus what is queued. */
  NodeState state(NodeState written) {
    return provisional == null ? written : provisional;
  }

  /**
   * Queues a decision's events (possibly none) and what to run once they are written.
   *
   * @return true when this was the first entry since the last flush (the caller schedules one)
   */
  boolean add(NodeState written, List<Event> decided, Consumer<NodeState> action) {
    boolean first = isEmpty();
    if (!decided.isEmpty()) {
      NodeState s = state(written);
      for (Event e : decided) {
        s = s.apply(e);
      }
      provisional = s;
      events.addAll(decided);
    }
    actions.add(action);
    return first;
  }

  /** Whether the queue holds enough events to be written without waiting for the flush. */
  boolean full() {
    return events.size() >= maxEvents;
  }

  /** Takes everything queued; the queue is empty afterwards. */
  Batch drain() {
    Batch b = new Batch(List.copyOf(events), List.copyOf(actions));
    events.clear();
    actions.clear();
    provisional = null;
    return b;
  }
}
