package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.Set;

/**
 * What one bound resource's session is, beyond its connection, that must survive a failover. The
 * entity keeps it in memory only; every time it changes, the entity sends it to the resource's
 * connection ({@link ConnectionMessage.ResourceRecorded}), and a connection whose entity restarted
 * hands it back whole with {@link UserSession.Reattach}. So a restarted incarnation knows the
 * resource's presence, whether it asked for the roster and the blocklist (pushes), and whom it
 * sent directed presence (who must hear it leave, RFC 6121 §4.6.3).
 *
 * @param presence the last available presence it broadcast (from stamped), null if none
 * @param interested whether it requested the roster (RFC 6121 §2.1.6)
 * @param blocklistInterested whether it requested the blocklist (XEP-0191 pushes)
 * @param directed the JIDs it sent directed available presence to
 * @param flags what modules switched on for it (XEP-0280 carbons)
 */
public record ResourceRecord(XmlElement presence, boolean interested, boolean blocklistInterested, Set<String> directed,
    Set<String> flags)
    implements CborSerializable {

  public static final ResourceRecord NONE = new ResourceRecord(null, false, false, Set.of(), Set.of());

  public ResourceRecord {
    directed = directed == null ? Set.of() : Set.copyOf(directed);
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }

  /** A record of a version that knew no module flags. */
  public ResourceRecord(XmlElement presence, boolean interested, boolean blocklistInterested, Set<String> directed) {
    this(presence, interested, blocklistInterested, directed, Set.of());
  }
}
