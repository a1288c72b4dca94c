package io.switchboard.protocol.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the server keeps of a password for one SCRAM hash family (RFC 5802 §3): the salt, the
 * iteration count, StoredKey = H(HMAC(SaltedPassword, "Client Key")) and
 * ServerKey = HMAC(SaltedPassword, "Server Key"). The password cannot be recovered from it.
 */
public record ScramCredential(
    ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

  public ScramCredential {
    Objects.requireNonNull(algorithm, "algorithm");
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramCredential c
        && algorithm == c.algorithm
        && iterations == c.iterations
        && Arrays.equals(salt, c.salt)
        && Arrays.equals(storedKey, c.storedKey)
        && Arrays.equals(serverKey, c.serverKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
  }

  @Override
  public String toString() {
    return "ScramCredential[" + algorithm + ", iterations=" + iterations + "]"; // never the keys
  }
}
