package io.switchboard.node.stream;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.sasl2.HashedToken;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * XEP-0484's decision on one token login, pure: given what is stored for (account, client), the
 * account as it is now, the client's HMAC and {@code <fast count/>}, and the time, is the login
 * accepted, and with which of the two stored tokens.
 */
final class FastCheck {
  private FastCheck() {}

  /** What the check decided. */
  sealed interface Verdict permits Accepted, Rejected {}

  /**
   * @param key the stored key that verified (the responder's HMAC is made with it)
   * @param usedPrevious the client used the token a rotation replaced (it missed the new one)
   */
  record Accepted(byte[] key, boolean usedPrevious, Instant expiry) implements Verdict {}

  record Rejected(SaslFailureCondition condition, String text) implements Verdict {}

  private static final Rejected UNKNOWN = new Rejected(SaslFailureCondition.NOT_AUTHORIZED, null);

  /**
   * @param account the account now (empty when it does not exist any more)
   */
  static Verdict decide(Optional<FastTokenRow> row, Optional<AccountStore.LoginRecord> account, byte[] mac,
      OptionalLong count, Instant now) {
    if (row.isEmpty() || account.isEmpty()) {
      return UNKNOWN; // never issued, expired by TTL, invalidated, or the account is gone
    }
    FastTokenRow r = row.get();
    if (!MessageDigest.isEqual(r.accountStamp(), stamp(account.get()))) {
      return UNKNOWN; // the password changed or the account was deleted and made again
    }
    FastTokenRow.Key used;
    boolean previous = false;
    if (HashedToken.verifies(r.current().key(), mac)) {
      used = r.current();
    } else if (r.previous().isPresent() && HashedToken.verifies(r.previous().get().key(), mac)) {
      used = r.previous().get();
      previous = true;
    } else {
      return UNKNOWN;
    }
    if (!now.isBefore(used.expiry())) {
      return new Rejected(SaslFailureCondition.CREDENTIALS_EXPIRED, "the token has expired");
    }
    if (count.isPresent() && count.getAsLong() <= r.count()) {
      return new Rejected(SaslFailureCondition.NOT_AUTHORIZED, "token count replayed");
    }
    return new Accepted(used.key(), previous, used.expiry());
  }

  /**
   * The account's stamp: SHA-256 over its creation time and every stored SCRAM credential. A new
   * password (new salt and keys) or a re-created account gives another stamp.
   */
  static byte[] stamp(AccountStore.LoginRecord login) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(ByteBuffer.allocate(8).putLong(login.createdAt().toEpochMilli()).array());
      for (Map.Entry<ScramAlgorithm, ScramCredential> e : new TreeMap<>(login.credentials()).entrySet()) {
        d.update(e.getKey().name().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        d.update(e.getValue().salt());
        d.update(e.getValue().storedKey());
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
