package io.switchboard.sharding.mam;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * The message archives (XEP-0313): one per account and one per MUC room, implemented by the node
 * over Cassandra. Every method is asynchronous and must not block; entities pipe the results to
 * themselves.
 */
public interface MessageArchive {

  /**
   * Stores {@code entry} in the archive of {@code owner}. Idempotent: an entry stored again with
   * the same id is the same message, not a second one (a crash's repetition, see
   * {@link io.switchboard.sharding.session.Receipt}).
   */
  CompletionStage<Void> append(BareJid owner, ArchiveEntry entry);

  /**
   * One page of {@code owner}'s archive. Fails with {@link UnknownId} when {@code afterId},
   * {@code beforeId} or one of {@code ids} is not in the archive (XEP-0313: item-not-found).
   */
  CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter filter);

  /** The oldest ({@code newest} false) or newest message of {@code owner}'s archive. */
  CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest);

  /** Deletes {@code owner}'s whole archive (the account was deleted, or the room destroyed). */
  CompletionStage<Void> deleteAll(BareJid owner);

  /** An id named in a query is not in the archive. */
  final class UnknownId extends RuntimeException {
    public UnknownId(UUID id) {
      super("not in the archive: " + id, null, false, false);
    }
  }

  /** An archive that keeps nothing (tests that do not look at archiving). */
  static MessageArchive none() {
    return new MessageArchive() {
      @Override
      public CompletionStage<Void> append(BareJid owner, ArchiveEntry entry) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter filter) {
        return CompletableFuture.completedFuture(new ArchivePage(java.util.List.of(), true));
      }

      @Override
      public CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest) {
        return CompletableFuture.completedFuture(Optional.empty());
      }

      @Override
      public CompletionStage<Void> deleteAll(BareJid owner) {
        return CompletableFuture.completedFuture(null);
      }
    };
  }
}
