package io.switchboard.persistence.archive;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * The message archive for XEP-0313: per owner, ordered by time, filterable by time range and by
 * the other party, paged by id.
 */
public interface ArchiveStore {

  static ArchiveStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraArchiveStore(session, settings.keyspace());
  }

  /** Archives {@code message} for {@code owner} and returns it with its new id. */
  CompletionStage<ArchivedMessage> append(BareJid owner, ArchivedMessage message);

  /**
   * One page of the owner's archive. An {@code afterId}/{@code beforeId} that is not an id of
   * this store fails the stage with {@link IllegalArgumentException} (XEP-0313: item-not-found).
   */
  CompletionStage<ArchivePage> query(BareJid owner, ArchiveQuery query);
}
