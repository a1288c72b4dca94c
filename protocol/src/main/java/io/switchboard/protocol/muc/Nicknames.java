package io.switchboard.protocol.muc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Room nicknames (XEP-0045 §7.2.1 and its reference to RFC 8266): a nickname is enforced with the
 * PRECIS Nickname profile (spaces mapped and trimmed, NFKC) and compared case-insensitively, so
 * "Alice" and "alice " are the same nickname in a room.
 */
public final class Nicknames {
  private Nicknames() {}

  /**
   * The enforced form of {@code nick}, or empty when the profile refuses it (control characters,
   * unassigned code points, nothing left) or it is longer than {@code maxBytes} octets in UTF-8.
   */
  public static Optional<String> enforce(String nick, int maxBytes) {
    if (nick == null || nick.isEmpty()) {
      return Optional.empty();
    }
    try {
      String enforced = PrecisProfiles.NICKNAME.enforce(nick);
      if (enforced.isEmpty() || enforced.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
        return Optional.empty();
      }
      return Optional.of(enforced);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The form two nicknames are compared in (RFC 8266 §2.4); {@code nick} must be enforced. */
  public static String key(String nick) {
    try {
      return PrecisProfiles.NICKNAME.toComparableString(nick);
    } catch (IllegalArgumentException e) {
      return nick;
    }
  }
}
