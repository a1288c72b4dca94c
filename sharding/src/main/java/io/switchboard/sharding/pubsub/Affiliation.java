package io.switchboard.sharding.pubsub;

import java.util.Locale;
import java.util.Optional;

/** A JID's affiliation with a node (XEP-0060 §4.1). */
public enum Affiliation {
  OWNER, PUBLISHER, PUBLISH_ONLY, MEMBER, NONE, OUTCAST;

  public String xml() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Affiliation> fromXml(String s) {
    for (Affiliation a : values()) {
      if (a.xml().equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** May retrieve items and subscribe whatever the access model (§4.1 table). */
  boolean bypassesAccessModel() {
    return this == OWNER || this == PUBLISHER || this == MEMBER;
  }
}
