package io.switchboard.persistence.archive;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One archived message of an owner's archive (XEP-0313).
 *
 * @param id the archive id (time-based UUID; its string form is the XEP-0313 id); {@code null} on
 *     append, the store assigns it
 * @param with the other party's bare JID, normalised
 * @param direction whether the owner received or sent it
 */
public record ArchivedMessage(UUID id, Instant stamp, String with, Direction direction, String stanzaXml) {
  public enum Direction {
    IN,
    OUT
  }

  public ArchivedMessage {
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(stanzaXml, "stanzaXml");
  }

  @Override
  public String toString() {
    return "ArchivedMessage[id=" + id + ", stamp=" + stamp + ", with=" + with + ", " + direction + "]";
  }
}
