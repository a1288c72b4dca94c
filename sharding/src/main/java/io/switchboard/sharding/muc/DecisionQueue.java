package io.switchboard.sharding.muc;

import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Queues what a room decided, so that nobody hears of a change before it is written: the
 * decision's events go into the group commit ({@link RoomCommit}), its groupchat messages into the
 * archive (started at once), and what it sends into the outbox ({@link RoomOutbox}) behind both;
 * {@link RoomSender} sends it when they are done. The journal write itself is the entity's (an
 * effect); this class only says when one is due. Owned by the entity's actor.
 */
final class DecisionQueue {
  private final String room;
  private final Clock clock;
  private final RoomArchive archive;
  private final RoomCommit commit;
  private final RoomOutbox outbox;
  private final GroupchatAcks acks;
  private final RoomSender sender;
  private final Runnable flushSoon;
  private final Consumer<CompletionStage<?>> whenOpened;

  /**
   * @param flushSoon asks the entity to write the group commit after the requests already in
   *     its mailbox (sent when the first decision is queued)
   * @param whenOpened asks the entity to drain the outbox once this gate is open
   */
  DecisionQueue(String room, Clock clock, RoomArchive archive, RoomCommit commit, RoomOutbox outbox,
      GroupchatAcks acks, RoomSender sender, Runnable flushSoon, Consumer<CompletionStage<?>> whenOpened) {
    this.room = room;
    this.clock = clock;
    this.archive = archive;
    this.commit = commit;
    this.outbox = outbox;
    this.acks = acks;
    this.sender = sender;
    this.flushSoon = flushSoon;
    this.whenOpened = whenOpened;
  }

  /**
   * Queues {@code d}, decided against {@code written} plus what is queued, acknowledging
   * {@code receipt} when it is sent.
   *
   * @return whether the group commit is full and must be written now
   */
  boolean add(RoomState written, Decision d, Receipt receipt) {
    CompletableFuture<Void> journaled = null;
    boolean writeNow = false;
    if (!d.events().isEmpty() || !commit.isEmpty()) {
      boolean first = commit.isEmpty();
      journaled = commit.add(written, d.events());
      writeNow = commit.full();
      if (first && !writeNow) {
        flushSoon.run();
      }
    }
    Map<Outgoing.Broadcast, CompletableFuture<String>> archived = new HashMap<>();
    List<CompletableFuture<?>> gates = new ArrayList<>();
    if (journaled != null) {
      gates.add(journaled);
    }
    Instant now = clock.instant();
    for (Outgoing o : d.out()) {
      if (o instanceof Outgoing.Broadcast b) {
        acks.accepted(b.dedupeKey());
        CompletableFuture<String> id = archive.append(room, now, b.with(), b.message()).toCompletableFuture();
        archived.put(b, id);
        gates.add(id);
      }
    }
    CompletableFuture<?> gate = gates.isEmpty() ? null
        : gates.size() == 1 ? gates.get(0) : CompletableFuture.allOf(gates.toArray(new CompletableFuture<?>[0]));
    List<RoomEvent> events = d.events();
    outbox.add(gate, () -> sender.release(events, d.out(), archived, now, receipt));
    if (gate != null && !gate.isDone()) {
      whenOpened.accept(gate.handle((r, e) -> null));
    }
    return writeNow;
  }
}
