package io.switchboard.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Stand-in credentials for accounts that do not exist, so that an exchange for an unknown user
 * looks like one for a known user until the proof fails (RFC 5802 §5.1 recommends this). The salt
 * is derived from the username with a server secret, so repeated attempts see the same salt; give
 * every node of a cluster the same secret and the iteration count real accounts use.
 */
public record ScramDecoy(byte[] secret, int iterations) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public ScramDecoy {
    if (secret.length < 16) {
      throw new IllegalArgumentException("decoy secret must have at least 16 bytes");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    secret = secret.clone();
  }

  /** A decoy with a random secret (fine for a single node). */
  public static ScramDecoy random(int iterations) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new ScramDecoy(secret, iterations);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** A credential no password matches, with a stable per-user salt. */
  ScramCredential credential(ScramAlgorithm algorithm, String username) {
    byte[] label = (algorithm.mechanism() + "\u0000" + username).getBytes(StandardCharsets.UTF_8);
    byte[] salt = Arrays.copyOf(ScramCredentials.hmac(ScramAlgorithm.SHA_256, secret, label), 16);
    byte[] storedKey = new byte[algorithm.keyLength()];
    byte[] serverKey = new byte[algorithm.keyLength()];
    RANDOM.nextBytes(storedKey);
    RANDOM.nextBytes(serverKey);
    return new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramDecoy d && iterations == d.iterations && Arrays.equals(secret, d.secret);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(secret) + iterations;
  }

  @Override
  public String toString() {
    return "ScramDecoy[iterations=" + iterations + "]";
  }
}
