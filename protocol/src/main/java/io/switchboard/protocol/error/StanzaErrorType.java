package io.switchboard.protocol.error;

import java.util.Locale;
import java.util.Optional;

/** The error types of RFC 6120 §8.3.2: what the sender should do about the error. */
public enum StanzaErrorType {
  /** Retry after providing credentials. */
  AUTH,
  /** Do not retry (the error cannot be remedied). */
  CANCEL,
  /** Proceed (the condition was only a warning). */
  CONTINUE,
  /** Retry after changing the data sent. */
  MODIFY,
  /** Retry after waiting (the error is temporary). */
  WAIT;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static Optional<StanzaErrorType> fromWireName(String s) {
    for (StanzaErrorType t : values()) {
      if (t.wireName.equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
