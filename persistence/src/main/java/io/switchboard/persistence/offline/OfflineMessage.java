package io.switchboard.persistence.offline;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stanza kept for a user who was offline.
 *
 * @param id the store's id (a time-based UUID giving the arrival order); {@code null} on append
 * @param stamp when the server received it (for the XEP-0203 delay stamp)
 * @param from the sender's JID as a string
 * @param stanzaXml the whole stanza, serialised
 */
public record OfflineMessage(UUID id, Instant stamp, String from, String stanzaXml) {
  public OfflineMessage {
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(stanzaXml, "stanzaXml");
  }

  /** A message to append: the store assigns the id. */
  public static OfflineMessage of(Instant stamp, String from, String stanzaXml) {
    return new OfflineMessage(null, stamp, from, stanzaXml);
  }

  @Override
  public String toString() {
    return "OfflineMessage[id=" + id + ", stamp=" + stamp + ", from=" + from + "]"; // never the body
  }
}
