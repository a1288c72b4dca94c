package io.switchboard.sharding.session.sm;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.List;

/**
 * A resource whose stream dropped while XEP-0198 resumption was on: journaled, so the client can
 * resume it on any node until {@code expiresAt} (epoch millis), even if this entity restarts
 * meanwhile. Contacts are not told it left. Messages for it go to offline storage meanwhile and
 * are delivered after the resumption.
 *
 * @param token the stream management id ({@code previd}) the client must present
 * @param handled stanzas of the client handled (the {@code h} of {@code <resumed/>})
 * @param ackedBase the client's last acknowledged count ({@code h}) when the stream dropped
 * @param unacked stanzas written to the client after {@code ackedBase}, not acknowledged
 * @param presence the resource's last available presence, null if none
 * @param priority its priority
 * @param interested whether it had requested the roster (it gets roster pushes)
 * @param expiresAt when resumption is no longer possible
 * @param flags what modules had switched on for it (XEP-0280 carbons); empty in journals of
 *     versions before them
 */
public record ParkedResource(
    String token,
    long handled,
    long ackedBase,
    List<XmlElement> unacked,
    XmlElement presence,
    int priority,
    boolean interested,
    long expiresAt,
    java.util.Set<String> flags)
    implements CborSerializable {

  public ParkedResource {
    unacked = List.copyOf(unacked == null ? List.of() : unacked);
    flags = flags == null ? java.util.Set.of() : java.util.Set.copyOf(flags);
  }

  /** A parked resource with no module flags. */
  public ParkedResource(String token, long handled, long ackedBase, List<XmlElement> unacked, XmlElement presence,
      int priority, boolean interested, long expiresAt) {
    this(token, handled, ackedBase, unacked, presence, priority, interested, expiresAt, java.util.Set.of());
  }

  /** What the client did not get, given it acknowledged {@code clientH} in its resume request. */
  public List<XmlElement> unreceived(long clientH) {
    long got = Math.floorMod(clientH - ackedBase, 1L << 32);
    return got >= unacked.size() ? List.of() : unacked.subList((int) got, unacked.size());
  }
}
