package io.switchboard.sharding.muc;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's entry in the {@link RoomDirectory}, following its journal: written again when the room
 * starts (upserts are idempotent), after a write that created or reconfigured it, removed after
 * one that destroyed it. The directory's answer is not awaited; a failure is logged, and the next
 * start of the room writes the entry again.
 */
final class RoomListing {
  private static final Logger log = LoggerFactory.getLogger(RoomListing.class);

  private final String room;
  private final String service;
  private final String localpart;
  private final RoomDirectory directory;
  /**
   * The creator of the room as last written, so that a removal names it: without it the directory
   * reads the creator first, and a removal issued before a quick re-creation of the same room
   * could then be written after (and over) the new room's entry.
   */
  private String creator;

  /** {@code room} is the room's bare JID. */
  RoomListing(String room, RoomDirectory directory) {
    this.room = room;
    this.service = room.substring(room.indexOf('@') + 1);
    this.localpart = room.substring(0, room.indexOf('@'));
    this.directory = directory;
  }

  /** The directory follows creation, configuration and destruction, once {@code events} are written. */
  void written(List<RoomEvent> events, RoomState state) {
    boolean configured = false;
    RoomEvent.RoomCreated createdEvent = null;
    boolean destroyed = false;
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.RoomCreated c) {
        createdEvent = c;
        destroyed = false;
      } else if (e instanceof RoomEvent.RoomConfigured) {
        configured = true;
      } else if (e instanceof RoomEvent.RoomDestroyed) {
        destroyed = true;
      }
    }
    if (destroyed) {
      String removed = createdEvent != null ? createdEvent.creator() : creator;
      creator = null;
      directory.remove(service, localpart, removed)
          .whenComplete((v, e) -> warnIf(e, "directory: removing"));
    } else if ((createdEvent != null || configured) && state.exists()) {
      publish(state);
    }
  }

  /** Writes what {@code state} says this room is. */
  void publish(RoomState state) {
    creator = state.creator();
    RoomConfig c = state.config();
    directory.put(new RoomDirectory.Listing(service, localpart, c.name(), c.publicRoom() && !state.locked(),
            c.persistent(), state.creator(), state.createdAt()))
        .whenComplete((v, e) -> warnIf(e, "directory: listing"));
  }

  private void warnIf(Throwable e, String what) {
    if (e != null) {
      log.warn("{}: {} failed: {}", room, what, e.toString());
    }
  }
}
