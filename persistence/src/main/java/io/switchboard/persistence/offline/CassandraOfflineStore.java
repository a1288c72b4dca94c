package io.switchboard.persistence.offline;

import com.datastax.oss.driver.api.core.CqlSession;
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
 * session entity does (sharding's {@code OfflineInbox} writes one message after the other, issue
 * #23 F9), so the cap is exact except while a shard hand-off briefly runs two incarnations.
 */
final class CassandraOfflineStore implements OfflineStore {
  private static final int DELETE_CHUNK = 100;

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
