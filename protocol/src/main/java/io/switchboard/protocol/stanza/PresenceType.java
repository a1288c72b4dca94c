package io.switchboard.protocol.stanza;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;
import java.util.Optional;

/** Presence types (RFC 6121 §4.7.1); {@link #AVAILABLE} is the absence of a type attribute. */
public enum PresenceType {
  AVAILABLE,
  UNAVAILABLE,
  SUBSCRIBE,
  SUBSCRIBED,
  UNSUBSCRIBE,
  UNSUBSCRIBED,
  PROBE,
  ERROR;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The type attribute value, or null for {@link #AVAILABLE}. */
  public String wireName() {
    return this == AVAILABLE ? null : wireName;
  }

  /** Empty for an unknown type (answer bad-request). */
  public static Optional<PresenceType> fromWireName(String type) {
    if (type == null) {
      return Optional.of(AVAILABLE);
    }
    for (PresenceType t : values()) {
      if (t != AVAILABLE && t.wireName.equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static Optional<PresenceType> of(XmlElement presence) {
    return fromWireName(presence.attr("type"));
  }

  /** Whether this is one of the four subscription management types (RFC 6121 §3). */
  public boolean isSubscription() {
    return this == SUBSCRIBE || this == SUBSCRIBED || this == UNSUBSCRIBE || this == UNSUBSCRIBED;
  }
}
