package io.switchboard.node.stream;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * XEP-0198 stream management ids. An id names the resource it belongs to, so a {@code <resume/>}
 * that reaches any node of the cluster finds the user's entity (which holds the session) and the
 * resource in it; the random part is what makes it unguessable. The user comes from SASL, not
 * from the id.
 */
final class StreamIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private StreamIds() {}

  /** A new id for a session of {@code resource}. */
  static String create(String resource) {
    byte[] secret = new byte[18];
    RANDOM.nextBytes(secret);
    return ENCODER.encodeToString(resource.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(secret);
  }

  /** The resource an id names, if it is one of ours. */
  static Optional<String> resource(String id) {
    if (id == null) {
      return Optional.empty();
    }
    int dot = id.lastIndexOf('.');
    if (dot <= 0 || dot == id.length() - 1) {
      return Optional.empty();
    }
    try {
      String resource = new String(Base64.getUrlDecoder().decode(id.substring(0, dot)), StandardCharsets.UTF_8);
      return resource.isEmpty() ? Optional.empty() : Optional.of(resource);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
