package io.switchboard.protocol.sasl2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HT-SHA-256-NONE SASL mechanism (draft-schmaus-kitten-sasl-ht, used by XEP-0484): one
 * message each way. The client sends {@code authcid NUL HMAC(token, "Initiator")}; the server
 * answers with {@code HMAC(token, "Responder")} as additional data. No channel binding ("NONE").
 *
 * <p>Tokens are stored as their SHA-256 only ({@link #key}). That suffices because a token here is
 * longer than HMAC-SHA-256's 64-byte block, and RFC 2104 §2 hashes such a key before use: the
 * HMAC under the token equals the HMAC under its SHA-256. A stored key is still enough to log in
 * (as the token is); it keeps the token itself out of the database and the logs.
 */
public final class HashedToken {
  /** 54 random bytes: 72 base64url characters, more than the 64-byte HMAC block. */
  private static final int TOKEN_BYTES = 54;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] INITIATOR = "Initiator".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESPONDER = "Responder".getBytes(StandardCharsets.US_ASCII);

  private HashedToken() {}

  /** The client's initial response, split. */
  public record Initiation(String authcid, byte[] mac) {}

  /** A new random token (72 characters, all ASCII). */
  public static String generate() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** What is stored of {@code token}: its SHA-256, which is also its effective HMAC key. */
  public static byte[] key(String token) {
    byte[] raw = token.getBytes(StandardCharsets.UTF_8);
    if (raw.length <= 64) {
      throw new IllegalArgumentException("a stored token key needs a token longer than 64 bytes");
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** {@code authcid NUL mac}, or empty when it is not that shape (or the name is empty). */
  public static Optional<Initiation> parse(byte[] initialResponse) {
    int nul = -1;
    for (int i = 0; i < initialResponse.length; i++) {
      if (initialResponse[i] == 0) {
        nul = i;
        break;
      }
    }
    if (nul <= 0 || initialResponse.length - nul - 1 != 32) {
      return Optional.empty();
    }
    String authcid = new String(initialResponse, 0, nul, StandardCharsets.UTF_8);
    return Optional.of(new Initiation(authcid, Arrays.copyOfRange(initialResponse, nul + 1, initialResponse.length)));
  }

  /** Whether {@code mac} is the initiator's HMAC under the stored {@code key} (constant time). */
  public static boolean verifies(byte[] key, byte[] mac) {
    return MessageDigest.isEqual(hmac(key, INITIATOR), mac);
  }

  /** The server's answer under the stored {@code key}. */
  public static byte[] responder(byte[] key) {
    return hmac(key, RESPONDER);
  }

  /** The client's side, for tests and the benchmark: the initial response for {@code token}. */
  public static byte[] initialResponse(String authcid, String token) {
    byte[] name = authcid.getBytes(StandardCharsets.UTF_8);
    byte[] mac = hmac(token.getBytes(StandardCharsets.UTF_8), INITIATOR);
    byte[] out = new byte[name.length + 1 + mac.length];
    System.arraycopy(name, 0, out, 0, name.length);
    System.arraycopy(mac, 0, out, name.length + 1, mac.length);
    return out;
  }

  /** HMAC-SHA-256 of {@code data} under {@code key} (the raw token or its stored hash: the same). */
  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
