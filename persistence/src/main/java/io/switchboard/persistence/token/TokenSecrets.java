package io.switchboard.persistence.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Bearer secrets: {@code sbt_} followed by 43 base64url characters (256 random bits), stored as
 * their SHA-256. A plain hash is enough because the secret has full entropy (unlike a password,
 * nothing can be guessed), and it lets authentication be one key look-up.
 */
public final class TokenSecrets {
  public static final String PREFIX = "sbt_";
  private static final Pattern SHAPE = Pattern.compile("sbt_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /** A new random secret. */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether {@code s} has the shape of a secret (checked before any look-up). */
  public static boolean wellFormed(String s) {
    return s != null && SHAPE.matcher(s).matches();
  }

  /** SHA-256 of the secret's UTF-8 bytes. */
  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
