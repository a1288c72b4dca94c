package io.switchboard.node.stream;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.persistence.fast.FastTokenStore;
import io.switchboard.protocol.sasl2.HashedToken;
import io.switchboard.protocol.sasl2.Sasl2;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * XEP-0484 on a node: which token mechanisms are offered, issuing a token (only its key is
 * stored, in Cassandra, so any node accepts it), and the state a token login leaves behind
 * (the replay count, the end of a rotation, an invalidation). The decision itself is {@link FastCheck}.
 */
public final class FastTokens {
  /** No FAST: nothing offered, nothing stored. */
  public static final FastTokens DISABLED = new FastTokens(null, new FastSettings(false, Duration.ofDays(1),
      Duration.ZERO), Clock.systemUTC());

  private final FastTokenStore store;
  private final FastSettings settings;
  private final Clock clock;

  public FastTokens(FastTokenStore store, FastSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** A token just issued: the secret goes to the client once, never stored or logged. */
  record Issued(String token, Instant expiry) {}

  List<String> mechanisms() {
    return settings.enabled() && store != null ? List.of(Sasl2.HT_SHA_256_NONE) : List.of();
  }

  boolean offers(String mechanism) {
    return mechanisms().contains(mechanism);
  }

  Instant now() {
    return clock.instant();
  }

  /** Reads the row and decides; {@code account} is read by the caller in parallel. */
  CompletionStage<Optional<FastTokenRow>> find(String username, String clientId) {
    return store.find(username, clientId);
  }

  /** Whether a login with a token expiring at {@code expiry} should get a fresh one unasked. */
  boolean dueForRotation(Instant expiry) {
    return !settings.rotateBefore().isZero() && !now().plus(settings.rotateBefore()).isBefore(expiry);
  }

  /**
   * A new token for (username, clientId). {@code keep} is the token the client logged in with
   * (it stays valid until the new one is used); empty after a password login.
   */
  CompletionStage<Issued> issue(String username, String clientId, AccountStore.LoginRecord account,
      Optional<FastTokenRow.Key> keep, long count) {
    String token = HashedToken.generate();
    Instant expiry = now().plus(settings.tokenLifetime());
    FastTokenRow row = new FastTokenRow(new FastTokenRow.Key(HashedToken.key(token), expiry), keep,
        FastCheck.stamp(account), count);
    return store.put(username, clientId, row, ttl(row)).thenApply(done -> new Issued(token, expiry));
  }

  /**
   * What an accepted token login leaves: its count, and, when the current token was used, the
   * end of the rotation (the previous token stops working).
   */
  CompletionStage<Void> used(String username, String clientId, FastTokenRow row, FastCheck.Accepted accepted,
      OptionalLong count) {
    long newCount = count.isPresent() ? count.getAsLong() : row.count();
    boolean rotationDone = !accepted.usedPrevious() && row.previous().isPresent();
    if (newCount == row.count() && !rotationDone) {
      return CompletableFuture.completedFuture(null); // nothing changed
    }
    Optional<FastTokenRow.Key> previous = rotationDone ? Optional.empty() : row.previous();
    FastTokenRow next = new FastTokenRow(row.current(), previous, row.accountStamp(), newCount);
    return store.put(username, clientId, next, ttl(next));
  }

  CompletionStage<Void> invalidate(String username, String clientId) {
    return store.delete(username, clientId);
  }

  private Duration ttl(FastTokenRow row) {
    Instant last = row.previous().map(FastTokenRow.Key::expiry)
        .filter(e -> e.isAfter(row.current().expiry())).orElse(row.current().expiry());
    return Duration.between(now(), last).plusMinutes(1);
  }
}
