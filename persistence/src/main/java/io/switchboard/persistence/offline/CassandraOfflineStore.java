package io.switchboard.persistence.offline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.switchboard.persistence.AsyncRows;
import io.switchboard.persistence.CassandraSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * {@link OfflineStore} on {@code offline_messages}: one partition per user, clustered by a
 * time-based UUID assigned at append, so reading the partition gives arrival order.
 *
 * <p>The cap is checked with a {@code COUNT(*)} of the user's partition (bounded by the cap
 * itself) before the insert. Check and insert are not atomic: two appends racing for the last free
 * slot can both succeed. Callers must therefore run one append per user at a time: the user's
 * session entity does (sharding's {@code OfflineInbox} writes one batch after the other, issue
 * #23 F9), so the cap is exact except while a shard hand-off briefly runs two incarnations.
 *
 * <p>{@link #appendAll} counts once for many messages and writes the admitted ones as unlogged
 * batches of one partition (one mutation each: atomic, no batch log, and exempt from Cassandra's
 * {@code batch_size_fail_threshold}, which only applies to batches over several partitions),
 * at most {@value #BATCH_BYTES} bytes of stanzas per batch so a batch of large stanzas stays well
 * under the commit log's maximum mutation size.
 */
final class CassandraOfflineStore implements OfflineStore {
  private static final int DELETE_CHUNK = 100;
  static final int BATCH_BYTES = 1 << 20;

  private final CqlSession session;
  private final CassandraSettings.Offline limits;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;
  private final PreparedStatement deleteAll;
  private final PreparedStatement count;

  CassandraOfflineStore(CqlSession session, String keyspace, CassandraSettings.Offline limits) {
    this.session = session;
    this.limits = limits;
    String t = keyspace + ".offline_messages";
    insert = session.prepare("INSERT INTO " + t + " (owner, id, stamp, from_jid, stanza) VALUES (?, ?, ?, ?, ?) USING TTL ?");
    select = session.prepare("SELECT id, stamp, from_jid, stanza FROM " + t + " WHERE owner = ? LIMIT ?");
    delete = session.prepare("DELETE FROM " + t + " WHERE owner = ? AND id IN ?");
    deleteAll = session.prepare("DELETE FROM " + t + " WHERE owner = ?");
    count = session.prepare("SELECT COUNT(*) FROM " + t + " WHERE owner = ?");
  }

  @Override
  public CompletionStage<AppendResult> append(EntityBareJid user, OfflineMessage m) {
    UUID id = Uuids.timeBased(); // taken now: the arrival order is the order of append calls
    if (limits.maxPerUser() == 0) {
      return insert(user, id, m);
    }
    return count(user).thenCompose(n -> n >= limits.maxPerUser()
        ? CompletableFuture.completedFuture(AppendResult.QUOTA_EXCEEDED)
        : insert(user, id, m));
  }

  @Override
  public CompletionStage<Integer> appendAll(EntityBareJid user, List<OfflineMessage> messages) {
    List<UUID> ids = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      ids.add(Uuids.timeBased()); // taken now, in order: arrival order is the order in the list
    }
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    if (limits.maxPerUser() == 0) {
      return insertAll(user, ids, messages, messages.size());
    }
    return count(user).thenCompose(n -> insertAll(user, ids, messages,
        OfflineQuota.admit(Math.min(n, limits.maxPerUser()), messages.size(), limits.maxPerUser())));
  }

  /** Inserts the first {@code k} messages; completes with {@code k} once every batch landed. */
  private CompletionStage<Integer> insertAll(EntityBareJid user, List<UUID> ids, List<OfflineMessage> messages, int k) {
    if (k == 0) {
      return CompletableFuture.completedFuture(0);
    }
    int ttl = (int) limits.ttl().toSeconds(); // 0 = no TTL
    List<CompletableFuture<?>> batches = new ArrayList<>();
    List<BatchableStatement<?>> batch = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < k; i++) {
      OfflineMessage m = messages.get(i);
      long size = m.stanzaXml().length();
      if (!batch.isEmpty() && bytes + size > BATCH_BYTES) {
        batches.add(execute(batch));
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(insert.bind(key(user), ids.get(i), m.stamp(), m.from(), m.stanzaXml(), ttl));
      bytes += size;
    }
    batches.add(execute(batch));
    return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(v -> k);
  }

  private CompletableFuture<?> execute(List<BatchableStatement<?>> statements) {
    return session.executeAsync(statements.size() == 1
        ? (com.datastax.oss.driver.api.core.cql.Statement<?>) statements.get(0)
        : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, statements)).toCompletableFuture();
  }

  private CompletionStage<AppendResult> insert(EntityBareJid user, UUID id, OfflineMessage m) {
    int ttl = (int) limits.ttl().toSeconds(); // 0 = no TTL
    return session.executeAsync(insert.bind(key(user), id, m.stamp(), m.from(), m.stanzaXml(), ttl))
        .thenApply(rs -> AppendResult.STORED);
  }

  @Override
  public CompletionStage<List<OfflineMessage>> read(EntityBareJid user, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    return AsyncRows.collect(session.executeAsync(select.bind(key(user), limit)), limit, CassandraOfflineStore::message);
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user, Collection<UUID> ids) {
    List<UUID> all = new ArrayList<>(ids);
    List<CompletableFuture<?>> parts = new ArrayList<>();
    for (int i = 0; i < all.size(); i += DELETE_CHUNK) {
      List<UUID> chunk = all.subList(i, Math.min(all.size(), i + DELETE_CHUNK));
      parts.add(session.executeAsync(delete.bind(key(user), List.copyOf(chunk))).toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
  }

  @Override
  public CompletionStage<Void> deleteAll(EntityBareJid user) {
    return session.executeAsync(deleteAll.bind(key(user))).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Integer> count(EntityBareJid user) {
    return session.executeAsync(count.bind(key(user))).thenApply(rs -> (int) rs.one().getLong(0));
  }

  private static OfflineMessage message(Row r) {
    return new OfflineMessage(r.getUuid("id"), r.getInstant("stamp"), r.getString("from_jid"), r.getString("stanza"));
  }

  private static String key(EntityBareJid user) {
    return user.asEntityBareJidString();
  }
}
