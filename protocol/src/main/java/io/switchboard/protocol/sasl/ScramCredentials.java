package io.switchboard.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import rocks.xmpp.precis.PrecisProfiles;

/** Derives {@link ScramCredential}s from a password (RFC 5802 §3). The password is never kept. */
public final class ScramCredentials {
  /** Default iteration count; RFC 7677 asks for at least 4096 with SHA-256. */
  public static final int DEFAULT_ITERATIONS = 4096;

  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ScramCredentials() {}

  /** Credentials for every supported algorithm, each with its own random salt. */
  public static Map<ScramAlgorithm, ScramCredential> deriveAll(String password, int iterations) {
    Map<ScramAlgorithm, ScramCredential> out = new EnumMap<>(ScramAlgorithm.class);
    for (ScramAlgorithm a : ScramAlgorithm.values()) {
      byte[] salt = new byte[SALT_BYTES];
      RANDOM.nextBytes(salt);
      out.put(a, derive(a, password, salt, iterations));
    }
    return out;
  }

  public static ScramCredential derive(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(algorithm, password, salt, iterations);
    byte[] clientKey = hmac(algorithm, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] storedKey = hash(algorithm, clientKey);
    byte[] serverKey = hmac(algorithm, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
    return new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
  }

  /**
   * Hi(Normalize(password), salt, i): PBKDF2 with the algorithm's HMAC. Normalisation is the
   * PRECIS OpaqueString profile (RFC 8265 §4.2), the successor of SASLprep named by RFC 7677.
   */
  public static byte[] saltedPassword(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
    String normalized = normalizePassword(password);
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance(algorithm.pbkdf2Algorithm());
      PBEKeySpec spec = new PBEKeySpec(normalized.toCharArray(), salt, iterations, algorithm.keyLength() * 8);
      try {
        return f.generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.pbkdf2Algorithm() + " unavailable", e);
    }
  }

  public static String normalizePassword(String password) {
    try {
      return PrecisProfiles.OPAQUE_STRING.enforce(password);
    } catch (IllegalArgumentException e) {
      return password; // not PRECIS-clean: use as given, both sides do the same
    }
  }

  public static byte[] hmac(ScramAlgorithm algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm.hmacAlgorithm());
      mac.init(new SecretKeySpec(key, algorithm.hmacAlgorithm()));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.hmacAlgorithm() + " unavailable", e);
    }
  }

  public static byte[] hash(ScramAlgorithm algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.digestAlgorithm() + " unavailable", e);
    }
  }

  /** Checks a plaintext password (SASL PLAIN) against stored credentials, in constant time. */
  public static boolean verify(ScramCredential credential, String password) {
    ScramCredential candidate =
        derive(credential.algorithm(), password, credential.salt(), credential.iterations());
    return MessageDigest.isEqual(candidate.storedKey(), credential.storedKey());
  }
}
