package io.switchboard.sharding.roster;

/** The roster {@code subscription} attribute (RFC 6121 §2.1.2.5). */
public enum Subscription {
  NONE, TO, FROM, BOTH;

  /** Does the user receive the contact's presence? */
  public boolean hasTo() {
    return this == TO || this == BOTH;
  }

  /** Does the contact receive the user's presence? */
  public boolean hasFrom() {
    return this == FROM || this == BOTH;
  }

  static Subscription of(boolean to, boolean from) {
    return to ? (from ? BOTH : TO) : (from ? FROM : NONE);
  }

  public String xml() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
