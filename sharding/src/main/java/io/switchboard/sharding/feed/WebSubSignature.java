package io.switchboard.sharding.feed;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * W3C WebSub §8: {@code X-Hub-Signature: method=signature}, an HMAC of the body keyed with the
 * subscription's secret. sha1, sha256, sha384 and sha512 are accepted; anything else, a missing
 * header or a wrong digest is refused. Digests are compared in constant time.
 */
public final class WebSubSignature {
  private WebSubSignature() {}

  /** True when {@code header} is a valid signature of {@code body} under {@code secret}. */
  public static boolean valid(String secret, String header, byte[] body) {
    if (secret == null || header == null) {
      return false;
    }
    int eq = header.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    String algorithm = switch (header.substring(0, eq).trim().toLowerCase(Locale.ROOT)) {
      case "sha1" -> "HmacSHA1";
      case "sha256" -> "HmacSHA256";
      case "sha384" -> "HmacSHA384";
      case "sha512" -> "HmacSHA512";
      default -> null;
    };
    if (algorithm == null) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(algorithm, secret, body), given);
  }

  /** The header value a hub sends: {@code sha256=<hex>} (tests, and the docs' example). */
  public static String sign(String method, String secret, byte[] body) {
    String algorithm = "Hmac" + method.toUpperCase(Locale.ROOT);
    return method.toLowerCase(Locale.ROOT) + "=" + HexFormat.of().formatHex(hmac(algorithm, secret, body));
  }

  private static byte[] hmac(String algorithm, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
