package io.switchboard.node.upload;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the URLs of uploaded files with HMAC-SHA256 under the cluster's key, so any
 * node can check what another node handed out, and nobody can forge or change one.
 *
 * <ul>
 *   <li>GET: {@code ?e=<expiry, epoch seconds>&s=<signature of GET, id, file name, expiry>}.
 *   <li>PUT: {@code ?token=<grant>.<signature of PUT, id, file name, grant>}, where the grant
 *       carries who may upload, how many bytes of which type, until when, and the GET expiry.
 * </ul>
 *
 * Whether an expiry has passed is the caller's check (with its clock). Thread-safe.
 */
final class UploadSigner {
  private static final String HMAC = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /**
   * What a PUT URL allows.
   *
   * @param owner the bare JID the slot was given to
   * @param size the exact number of bytes
   * @param contentType the declared type, or null
   * @param putExpires until when the PUT URL is valid
   * @param getExpires until when the file is kept (its GET URL's expiry)
   */
  record PutGrant(String owner, long size, String contentType, Instant putExpires, Instant getExpires) {}

  private final SecretKeySpec key;

  UploadSigner(byte[] key) {
    if (key.length < UploadSettings.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the signing key is shorter than " + UploadSettings.MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), HMAC);
  }

  /** The signature of a GET URL. */
  String getSignature(String id, String filename, Instant expires) {
    return B64.encodeToString(mac("GET\n" + id + "\n" + filename + "\n" + expires.getEpochSecond()));
  }

  /** Whether {@code signature} is the GET signature of these values. */
  boolean validGet(String id, String filename, long expiresEpochSecond, String signature) {
    byte[] expected = mac("GET\n" + id + "\n" + filename + "\n" + expiresEpochSecond);
    return constantTimeEquals(expected, signature);
  }

  /** The {@code token} of a PUT URL. */
  String putToken(String id, String filename, PutGrant grant) {
    String payload = String.join("\n", grant.owner(), Long.toString(grant.size()),
        grant.contentType() == null ? "" : grant.contentType(),
        Long.toString(grant.putExpires().getEpochSecond()), Long.toString(grant.getExpires().getEpochSecond()));
    String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return encoded + "." + B64.encodeToString(mac("PUT\n" + id + "\n" + filename + "\n" + encoded));
  }

  /** The grant in {@code token}, when it was signed for this id and file name. */
  Optional<PutGrant> verifyPut(String id, String filename, String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String encoded = token.substring(0, dot);
    if (!constantTimeEquals(mac("PUT\n" + id + "\n" + filename + "\n" + encoded), token.substring(dot + 1))) {
      return Optional.empty();
    }
    try {
      String[] f = new String(B64D.decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
      if (f.length != 5) {
        return Optional.empty();
      }
      return Optional.of(new PutGrant(f[0], Long.parseLong(f[1]), f[2].isEmpty() ? null : f[2],
          Instant.ofEpochSecond(Long.parseLong(f[3])), Instant.ofEpochSecond(Long.parseLong(f[4]))));
    } catch (IllegalArgumentException e) { // bad base64 or number: only possible with a valid MAC if the key leaked
      return Optional.empty();
    }
  }

  private static boolean constantTimeEquals(byte[] expected, String presented) {
    byte[] given;
    try {
      given = B64D.decode(presented);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private byte[] mac(String data) {
    try {
      Mac m = Mac.getInstance(HMAC);
      m.init(key);
      return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
