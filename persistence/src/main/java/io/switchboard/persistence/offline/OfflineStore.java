package io.switchboard.persistence.offline;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * Offline messages, per user, in arrival order. A per-user cap refuses messages beyond it (the
 * caller then answers the sender, e.g. with {@code service-unavailable}); an optional TTL drops old
 * ones by themselves.
 */
public interface OfflineStore {

  /** The outcome of {@link #append}. */
  enum AppendResult {
    STORED,
    /** The user already has the maximum number of offline messages; nothing was stored. */
    QUOTA_EXCEEDED
  }

  /** The Cassandra implementation with the cap and TTL of {@code switchboard.cassandra.offline}. */
  static OfflineStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraOfflineStore(session, settings.keyspace(), settings.offline());
  }

  /** Appends {@code message} (its id is ignored: the store assigns a new time-based one). */
  CompletionStage<AppendResult> append(EntityBareJid user, OfflineMessage message);

  /**
   * Appends {@code messages} in order as far as the cap allows, with one count of the user's
   * messages for all of them: the first {@code k} are stored, the rest refused. Completes with
   * {@code k}. The count and the writes are not atomic: callers run one call per user at a time.
   */
  CompletionStage<Integer> appendAll(EntityBareJid user, List<OfflineMessage> messages);

  /** The first {@code limit} messages, oldest first. */
  CompletionStage<List<OfflineMessage>> read(EntityBareJid user, int limit);

  /** Deletes the given messages (typically those just delivered); unknown ids are ignored. */
  CompletionStage<Void> delete(EntityBareJid user, Collection<UUID> ids);

  /** Deletes every message of the user (one partition delete), e.g. when the account is removed. */
  CompletionStage<Void> deleteAll(EntityBareJid user);

  /** How many messages the user has. */
  CompletionStage<Integer> count(EntityBareJid user);
}
