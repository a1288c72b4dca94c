package io.switchboard.protocol.stanza;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;
import java.util.Optional;

/** IQ types (RFC 6120 §8.2.3). */
public enum IqType {
  GET,
  SET,
  RESULT,
  ERROR;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** Whether the IQ expects a result or error in reply. */
  public boolean isRequest() {
    return this == GET || this == SET;
  }

  /** Empty for a missing or unknown type (answer bad-request). */
  public static Optional<IqType> fromWireName(String type) {
    if (type != null) {
      for (IqType t : values()) {
        if (t.wireName.equals(type)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  public static Optional<IqType> of(XmlElement iq) {
    return fromWireName(iq.attr("type"));
  }
}
