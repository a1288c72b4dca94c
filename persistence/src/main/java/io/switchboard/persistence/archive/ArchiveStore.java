package io.switchboard.persistence.archive;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * The message archive for XEP-0313: per owner, ordered by time, filterable by time range and by
 * the other party, paged by id. Writes are idempotent: a message appended again with the id it
 * already has is the same row, not a second one.
 */
public interface ArchiveStore {

  static ArchiveStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraArchiveStore(session, settings.keyspace());
  }

  /**
   * Archives {@code message} for {@code owner} and returns it with its id: the one it carries
   * (time-based; writing the same id again rewrites the same row) or, when null, a new one.
   */
  default CompletionStage<ArchivedMessage> append(BareJid owner, ArchivedMessage message) {
    return append(owner, message, 0);
  }

  /** As {@link #append(BareJid, ArchivedMessage)}, the rows expiring after {@code ttlSeconds} (0: never). */
  CompletionStage<ArchivedMessage> append(BareJid owner, ArchivedMessage message, int ttlSeconds);

  /**
   * One page of the owner's archive. An {@code afterId}/{@code beforeId} that is not an id of
   * this store fails the stage with {@link IllegalArgumentException} (XEP-0313: item-not-found).
   */
  CompletionStage<ArchivePage> query(BareJid owner, ArchiveQuery query);

  /** The messages of {@code ids} that the owner's archive holds, oldest first. */
  CompletionStage<List<ArchivedMessage>> get(BareJid owner, Collection<UUID> ids);

  /** The owner's oldest message ({@code last} false) or newest ({@code last} true), if any. */
  CompletionStage<Optional<ArchivedMessage>> edge(BareJid owner, boolean last);

  /** Deletes the owner's whole archive (the account was deleted). */
  CompletionStage<Void> deleteAll(BareJid owner);

  /**
   * Deletes the owner's messages whose ids were taken before {@code before} (a MUC room destroyed,
   * or created again under the same name): rows of later ids, written while this runs, stay.
   * Idempotent; a failure halfway can be retried.
   */
  CompletionStage<Void> deleteBefore(BareJid owner, Instant before);
}
