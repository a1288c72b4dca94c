package io.switchboard.protocol.sasl;

import java.util.Base64;
import java.util.Optional;

/**
 * The base64 character data of SASL elements (RFC 6120 §6.4.2). An empty payload is sent as
 * {@code =}; a missing one (no initial response in {@code <auth/>}) as no character data at all.
 */
public final class SaslPayloads {
  private SaslPayloads() {}

  /**
   * Decodes element text strictly (no whitespace, padding required). Both "" and "=" give an
   * empty array; whether an empty {@code <auth/>} means "no initial response" is the caller's
   * call. Empty when the text is not valid base64 (answer {@code <incorrect-encoding/>}).
   */
  public static Optional<byte[]> decode(String text) {
    if (text.isEmpty() || text.equals("=")) {
      return Optional.of(new byte[0]);
    }
    try {
      return Optional.of(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Encodes a payload for {@code <challenge/>} or {@code <response/>}: "=" when empty. */
  public static String encode(byte[] data) {
    return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
  }
}
