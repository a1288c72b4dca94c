package io.switchboard.bench.sasl;

import io.switchboard.protocol.sasl.ScramAlgorithm;
import java.util.Locale;

/** The SASL mechanisms the generator can use; chosen up front, never negotiated down. */
public enum AuthMechanism {
  PLAIN("PLAIN", null),
  SCRAM_SHA_1("SCRAM-SHA-1", ScramAlgorithm.SHA_1),
  SCRAM_SHA_256("SCRAM-SHA-256", ScramAlgorithm.SHA_256),
  SCRAM_SHA_512("SCRAM-SHA-512", ScramAlgorithm.SHA_512);

  private final String saslName;
  private final ScramAlgorithm scram;

  AuthMechanism(String saslName, ScramAlgorithm scram) {
    this.saslName = saslName;
    this.scram = scram;
  }

  public String saslName() {
    return saslName;
  }

  /**
   * A new single-use client for one login.
   *
   * @param scramKeys SCRAM key cache shared by the run, or null
   */
  public SaslClient newClient(String username, String password, ScramKeyCache scramKeys) {
    return scram == null ? new PlainClient(username, password) : ScramClient.create(scram, username, password, scramKeys);
  }

  /** Parses "plain", "scram-sha-1", "SCRAM-SHA-256", ... */
  public static AuthMechanism parse(String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    for (AuthMechanism m : values()) {
      if (m.saslName.equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown SASL mechanism '" + text + "' (plain, scram-sha-1, scram-sha-256, scram-sha-512)");
  }
}
