package io.switchboard.sharding.muc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * XEP-0421 occupant ids: HMAC-SHA-256 of the real bare JID under the room's secret salt, so an id
 * is stable for a user in a room, differs between rooms, and reveals nothing about the JID.
 */
final class OccupantIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OccupantIds() {}

  /** A new room's salt (256 random bits). */
  static String newSalt() {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    return Base64.getEncoder().encodeToString(salt);
  }

  static String of(String salt, String bareJid) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(salt), "HmacSHA256"));
      byte[] digest = mac.doFinal(bareJid.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A random room name for XEP-0307 (lower case letters and digits, 12 characters). */
  static String uniqueName() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
