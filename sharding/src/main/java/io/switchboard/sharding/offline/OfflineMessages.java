package io.switchboard.sharding.offline;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * Offline message storage (XEP-0160), implemented by the node over Cassandra. Every method is
 * asynchronous; the {@code UserSession} entity pipes the results to itself and never blocks.
 */
public interface OfflineMessages {

  /**
   * Stores {@code stanza} for {@code user}. Completes with {@code false} when the user's quota is
   * full (the sender then gets {@code resource-constraint}, type wait).
   */
  CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp);

  /**
   * Stores {@code stanzas} for {@code user} in order, with one quota check for all of them:
   * completes with {@code k}, the first {@code k} stored and the rest refused (quota full). The
   * default stores them one after the other and refuses the rest at the first refusal.
   */
  default CompletionStage<Integer> storeAll(EntityBareJid user, List<XmlElement> stanzas, Instant stamp) {
    CompletionStage<Integer> done = CompletableFuture.completedFuture(0);
    for (int i = 0; i < stanzas.size(); i++) {
      int index = i;
      done = done.thenCompose(k -> k < index // an earlier one was refused: so is this one
          ? CompletableFuture.completedFuture(k)
          : store(user, stanzas.get(index), stamp).thenApply(ok -> Boolean.TRUE.equals(ok) ? k + 1 : k));
    }
    return done;
  }

  /** The oldest stored messages of {@code user}, oldest first: at most {@link #pageSize()}. */
  CompletionStage<List<StoredMessage>> fetch(EntityBareJid user);

  /**
   * The most messages one {@link #fetch} returns. A full page means more may be stored: the
   * entity fetches the next one once the page was delivered and deleted, so a client with a
   * large backlog never has more than a page of it unacknowledged (XEP-0198 {@code max-unacked}).
   */
  default int pageSize() {
    return Integer.MAX_VALUE;
  }

  /** Deletes the given messages after they were delivered. */
  CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids);

  /**
   * Deletes every stored message of {@code user}: the account was removed, or re-created under the
   * same name (the new owner must not read the old one's mail). The default fails, so an adapter
   * that does not implement it shows in the entity's WARN log instead of silently keeping mail.
   */
  default CompletionStage<Void> deleteAll(EntityBareJid user) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(getClass().getName() + " does not implement deleteAll"));
  }
}
