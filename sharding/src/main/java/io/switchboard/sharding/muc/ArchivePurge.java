package io.switchboard.sharding.muc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a room's archived messages that no longer belong to a room: once a destruction is
 * written, every message before it; once a creation is written, and whenever the room starts,
 * every message before the room's creation. The archive's answer is not awaited; a failure is
 * logged.
 *
 * <p>The crash rule: a node that dies after the destruction is journaled and before the deletion
 * ran leaves the old messages in place. No query, metadata or history shows them (those all start
 * at the room's creation), and the next room of that name deletes them when it is created or
 * started; a name never used again keeps them until {@code switchboard.mam.retention} expires them
 * (for good when the retention is 0).
 */
final class ArchivePurge {
  private static final Logger log = LoggerFactory.getLogger(ArchivePurge.class);

  private final String room;
  private final RoomArchive archive;
  private final Clock clock;

  ArchivePurge(String room, RoomArchive archive, Clock clock) {
    this.room = room;
    this.archive = archive;
    this.clock = clock;
  }

  /** After {@code events} are written: the last creation or destruction among them decides. */
  void written(List<RoomEvent> events) {
    Instant before = null;
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.RoomCreated c) {
        before = c.at();
      } else if (e instanceof RoomEvent.RoomDestroyed) {
        // The message ids of the destroyed room are at most this millisecond.
        before = clock.instant().plusMillis(1);
      }
    }
    if (before != null) {
      purge(before);
    }
  }

  /** The room started with {@code state}: what a crash left from an earlier room of the name goes. */
  void started(RoomState state) {
    if (state.exists() && state.createdAt() != null) {
      purge(state.createdAt());
    }
  }

  private void purge(Instant before) {
    CompletionStage<Void> done;
    try {
      done = archive.purge(room, before);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e); // never the room's failure: it runs after a write
    }
    done.whenComplete((v, e) -> {
      if (e != null) {
        log.warn("{}: deleting archived messages before {} failed: {}", room, before, e.toString());
      }
    });
  }
}
