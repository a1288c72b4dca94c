package io.switchboard.protocol.muc;

import java.util.Locale;
import java.util.Optional;

/** XEP-0045 §5.1: an occupant's role in the room, for the length of its visit. */
public enum Role {
  MODERATOR, PARTICIPANT, VISITOR, NONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWireName(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether the role may send groupchat messages (§5.1.1: visitors may not in moderated rooms). */
  public boolean hasVoice() {
    return this == MODERATOR || this == PARTICIPANT;
  }
}
