package io.switchboard.node.proxy65;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jxmpp.jid.Jid;

/**
 * The address both parties CONNECT to at the proxy: SHA-1 of (SID + requester JID + target JID),
 * hex-encoded (XEP-0065 §5.3.2 / §6.3.2), over the JIDs as the IQ exchange used them, prepared
 * (typed jxmpp JIDs are normalised when parsed).
 */
final class StreamDigest {
  /** A SHA-1 in hex; the CONNECT address is case-insensitive, we keep it in lower case. */
  static final int LENGTH = 40;

  private StreamDigest() {}

  static String of(String sid, Jid requester, Jid target) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] hash = sha1.digest((sid + requester + target).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
  }

  /** The digest in canonical (lower) case, or null when {@code address} is not 40 hex digits. */
  static String normalize(String address) {
    if (address == null || address.length() != LENGTH) {
      return null;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (Character.digit(address.charAt(i), 16) < 0) {
        return null;
      }
    }
    return address.toLowerCase(java.util.Locale.ROOT);
  }
}
