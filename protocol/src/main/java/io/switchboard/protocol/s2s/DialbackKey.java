package io.switchboard.protocol.s2s;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 §2 recommends: {@code HMAC-SHA256(SHA256(secret), receiving + ' ' +
 * originating + ' ' + streamId)}, hex-encoded, where the HMAC key is the hex form of the secret's
 * SHA-256. Every node of a cluster holds the same secret, so any node can answer a
 * {@code <db:verify/>} for a key another node sent. Thread-safe.
 */
public final class DialbackKey {
  private final byte[] hmacKey;

  public DialbackKey(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("a dialback secret needs at least 16 bytes");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
      this.hmacKey = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /** The key the originating server sends on stream {@code streamId} to the receiving server. */
  public String generate(String receiving, String originating, String streamId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      byte[] out = mac.doFinal((receiving + ' ' + originating + ' ' + streamId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256 in this JVM", e);
    }
  }

  /** Whether {@code key} is the one this secret gives (constant-time comparison). */
  public boolean verify(String receiving, String originating, String streamId, String key) {
    if (key == null) {
      return false;
    }
    byte[] expected = generate(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, key.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
