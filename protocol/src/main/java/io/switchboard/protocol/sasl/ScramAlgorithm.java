package io.switchboard.protocol.sasl;

/** The SCRAM hash families Switchboard offers (RFC 5802, RFC 7677), with their SASL names. */
public enum ScramAlgorithm {
  SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", "PBKDF2WithHmacSHA1", 20),
  SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256", 32),
  SHA_512("SCRAM-SHA-512", "HmacSHA512", "SHA-512", "PBKDF2WithHmacSHA512", 64);

  private final String mechanism;
  private final String hmac;
  private final String digest;
  private final String pbkdf2;
  private final int keyLength;

  ScramAlgorithm(String mechanism, String hmac, String digest, String pbkdf2, int keyLength) {
    this.mechanism = mechanism;
    this.hmac = hmac;
    this.digest = digest;
    this.pbkdf2 = pbkdf2;
    this.keyLength = keyLength;
  }

  /** The SASL mechanism name, e.g. "SCRAM-SHA-256". */
  public String mechanism() {
    return mechanism;
  }

  public String hmacAlgorithm() {
    return hmac;
  }

  public String digestAlgorithm() {
    return digest;
  }

  public String pbkdf2Algorithm() {
    return pbkdf2;
  }

  /** Output length of the hash in bytes. */
  public int keyLength() {
    return keyLength;
  }

  public static java.util.Optional<ScramAlgorithm> byMechanism(String name) {
    for (ScramAlgorithm a : values()) {
      if (a.mechanism.equals(name)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }
}
