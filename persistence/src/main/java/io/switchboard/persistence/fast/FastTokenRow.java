package io.switchboard.persistence.fast;

import java.time.Instant;
import java.util.Optional;

/**
 * The FAST tokens (XEP-0484) of one account for one client (its SASL2 user-agent id), as stored:
 * only the tokens' SHA-256 keys. {@code previous} is the token a rotation replaced; it stays valid
 * until the new one is used, in case the client never received the new one.
 *
 * @param accountStamp what the account looked like when the token was issued (its incarnation and
 *     credentials, hashed): a changed password or a deleted account no longer matches
 * @param count the highest {@code <fast count/>} seen (XEP-0484 replay protection), -1 for none
 */
public record FastTokenRow(
    Key current, Optional<Key> previous, byte[] accountStamp, long count) {

  /** One token: its stored key and expiry. */
  public record Key(byte[] key, Instant expiry) {
    public Key {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }
  }

  public FastTokenRow {
    accountStamp = accountStamp.clone();
  }

  @Override
  public byte[] accountStamp() {
    return accountStamp.clone();
  }
}
