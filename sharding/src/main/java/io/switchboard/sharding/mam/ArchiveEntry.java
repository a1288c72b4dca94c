package io.switchboard.sharding.mam;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message in an archive (XEP-0313 §3): its id (also its XEP-0359 stanza-id), when the server
 * took it, the other party's bare JID, whether the archive's owner sent or received it, and the
 * message as it was.
 *
 * @param with the other party's bare JID (for a room archive: the occupant's nickname JID)
 */
public record ArchiveEntry(UUID id, Instant stamp, String with, boolean outgoing, XmlElement stanza) {
  public ArchiveEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(stanza, "stanza");
  }
}
