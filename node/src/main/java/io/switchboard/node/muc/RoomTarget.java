package io.switchboard.node.muc;

import io.switchboard.protocol.jid.Jids;
import java.util.Optional;

/**
 * A room named by an operator (management port, admin API): its local part must make a valid bare
 * JID at the service unchanged (PRECIS would otherwise quietly map it to another room), and an
 * alternate venue, when given, must be a JID.
 */
public final class RoomTarget {
  private RoomTarget() {}

  /** Why {@code room} (and {@code alternate}, may be null) cannot be used at {@code service}, or empty. */
  public static Optional<String> problem(String room, String alternate, String service) {
    boolean validRoom = Jids.parse(room + "@" + service).filter(j -> j.hasLocalpart() && !j.hasResource())
        .map(j -> j.getLocalpartOrNull().toString().equals(room)).orElse(false);
    if (!validRoom) {
      return Optional.of("not a room name: " + room);
    }
    if (alternate != null && Jids.parse(alternate).isEmpty()) {
      return Optional.of("the alternate venue is not a JID");
    }
    return Optional.empty();
  }
}
