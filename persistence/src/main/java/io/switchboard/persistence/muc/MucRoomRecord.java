package io.switchboard.persistence.muc;

import java.time.Instant;
import java.util.Objects;

/**
 * A multi-user chat room's directory entry.
 *
 * @param service the service's domain ({@code conference.example.org})
 * @param room the room's local part
 * @param name its natural-language name ("" for none)
 * @param isPublic listed in the service's disco#items
 * @param creator the bare JID that created it (null if unknown)
 */
public record MucRoomRecord(String service, String room, String name, boolean isPublic, boolean persistent,
    String creator, Instant createdAt) {
  public MucRoomRecord {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(room, "room");
    name = name == null ? "" : name;
  }
}
