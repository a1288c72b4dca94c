package io.switchboard.node.register;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Invitations to register one account (XEP-0401's URI, redeemed with XEP-0445): a token names the
 * account and its expiry and is signed with a key every node derives from the cluster-wide SASL
 * decoy secret, so any node checks it and none stores it. A token creates only the account it
 * names, and only once (account creation is a conditional write), which makes it single-use.
 *
 * <p>Token: base64url(version 1 · expiry in epoch seconds (8 bytes) · localpart (UTF-8) ·
 * HMAC-SHA-256 over all of that, first 16 bytes). Changing the decoy secret voids every invitation.
 */
public final class Invitations {
  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private static final byte[] KEY_LABEL = "switchboard in-band registration invitations v1".getBytes(StandardCharsets.UTF_8);

  private final byte[] key;
  private final DomainBareJid domain;
  private final Clock clock;

  /** An invitation a token carries: the account to create, and until when. */
  public record Invitation(EntityBareJid account, Instant expires) {}

  /**
   * @param secret the cluster-wide secret (the SASL decoy secret); the signing key is an HMAC of a
   *     fixed label under it, so it differs from every other use of that secret
   */
  public Invitations(byte[] secret, DomainBareJid domain, Clock clock) {
    this.key = ScramCredentials.hmac(ScramAlgorithm.SHA_256, secret, KEY_LABEL);
    this.domain = domain;
    this.clock = clock;
  }

  /** A token inviting {@code account} (of this domain) for {@code validity}. */
  public String issue(EntityBareJid account, Duration validity) {
    if (!account.asDomainBareJid().equals(domain)) {
      throw new IllegalArgumentException(account + " is not an account of " + domain);
    }
    byte[] local = account.getLocalpart().toString().getBytes(StandardCharsets.UTF_8);
    long expires = clock.instant().plus(validity).getEpochSecond();
    ByteBuffer payload = ByteBuffer.allocate(1 + 8 + local.length).put(VERSION).putLong(expires).put(local);
    byte[] body = payload.array();
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** The XEP-0401 / XEP-0445 URI that hands {@code token} to the invitee's client. */
  public static String uri(EntityBareJid account, String token) {
    return "xmpp:" + account + "?register;preauth=" + token;
  }

  /** The invitation {@code token} carries, if it is ours, intact and not expired. */
  public Optional<Invitation> check(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < 1 + 8 + 1 + MAC_BYTES || raw[0] != VERSION) {
      return Optional.empty();
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(body), MAC_BYTES))) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(ByteBuffer.wrap(body, 1, 8).getLong());
    if (!clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    String local = new String(body, 9, body.length - 9, StandardCharsets.UTF_8);
    return Jids.parse(local + "@" + domain)
        .filter(j -> !j.hasResource())
        .map(Jid::asEntityBareJidIfPossible)
        .map(account -> new Invitation(account, expires));
  }

  private byte[] mac(byte[] body) {
    return ScramCredentials.hmac(ScramAlgorithm.SHA_256, key, body);
  }
}
