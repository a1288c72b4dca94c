package io.switchboard.node.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The XEP-0114 §3 handshake: the component proves it knows the shared secret by sending the
 * lower-case hex SHA-1 of the stream id concatenated with the secret.
 */
final class Handshake {
  private Handshake() {}

  /** hex(SHA-1(streamId + secret)), lower case. */
  static String digest(String streamId, String secret) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  /** Whether {@code presented} (hex, any case, surrounding whitespace ignored) is the right digest. */
  static boolean verify(String streamId, String secret, String presented) {
    byte[] expected = digest(streamId, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given = presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
