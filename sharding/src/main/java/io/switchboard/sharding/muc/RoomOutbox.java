package io.switchboard.sharding.muc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;

/**
 * What a room sends, released in the order it was decided. An entry waits behind its gate (its
 * events' journal write, a message's archive write) and behind every entry before it, so a
 * message archived quickly never overtakes an earlier one, and nobody hears of a change that is
 * not yet written. Owned by the entity's actor.
 */
final class RoomOutbox {
  private record Entry(CompletionStage<?> gate, Runnable release) {
    boolean ready() {
      return gate == null || gate.toCompletableFuture().isDone();
    }
  }

  private final ArrayDeque<Entry> queue = new ArrayDeque<>();

  /** Queues {@code release} behind {@code gate} (null: ready) and everything queued before. */
  void add(CompletionStage<?> gate, Runnable release) {
    queue.add(new Entry(gate, release));
    drain();
  }

  /** Runs every entry at the head whose gate is open. */
  void drain() {
    while (!queue.isEmpty() && queue.peek().ready()) {
      queue.poll().release().run();
    }
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }
}
