package io.switchboard.protocol.muc;

import java.util.Locale;
import java.util.Optional;

/** XEP-0045 §5.2: a user's long-lived relation with a room, by bare JID. */
public enum Affiliation {
  OWNER(4), ADMIN(3), MEMBER(2), NONE(1), OUTCAST(0);

  private final int rank;

  Affiliation(int rank) {
    this.rank = rank;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Affiliation> fromWireName(String s) {
    for (Affiliation a : values()) {
      if (a.wireName().equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** owner > admin > member > none > outcast. */
  public boolean atLeast(Affiliation other) {
    return rank >= other.rank;
  }

  public boolean above(Affiliation other) {
    return rank > other.rank;
  }
}
