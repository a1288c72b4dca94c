package io.switchboard.sharding.account;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * Which local accounts exist, implemented by the node over the account store. The
 * {@code UserSession} entity asks once when it starts and again on each new login, never blocks on
 * the answer, and caches nothing beyond its own lifetime.
 */
@FunctionalInterface
public interface AccountDirectory {

  /**
   * When {@code user}'s account was created; empty when there is no such account. The instant
   * identifies the account's incarnation: an account deleted and created again under the same name
   * has a new one, and the entity then starts from an empty roster. {@link Instant#EPOCH} means
   * "exists, incarnation unknown": it never resets nor records anything.
   */
  CompletionStage<Optional<Instant>> createdAt(EntityBareJid user);

  /** A directory for which every account exists, incarnation unknown (tests, embedding). */
  static AccountDirectory everyAccountExists() {
    return user -> CompletableFuture.completedFuture(Optional.of(Instant.EPOCH));
  }
}
