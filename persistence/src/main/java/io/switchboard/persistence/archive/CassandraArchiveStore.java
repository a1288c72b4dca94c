package io.switchboard.persistence.archive;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.switchboard.persistence.AsyncRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * {@link ArchiveStore} on two tables written together: {@code archive_messages} (partition =
 * owner) serves unfiltered queries and {@code archive_messages_by_with} (partition = owner + with)
 * serves queries filtered by JID, so neither needs a secondary index or ALLOW FILTERING. Both
 * cluster by a time-based UUID whose timestamp is the message's stamp, so a time range becomes a
 * range of ids and the archive is in stamp order.
 *
 * <p>The two rows are written as two statements at once, not as a batch: a write is idempotent
 * (the same id is the same row) and whoever appends retries until both succeed, so a batch log's
 * atomicity would only cost a second write of each row; and the rows sit in two partitions, so
 * Cassandra refuses them as one batch past {@code batch_size_fail_threshold} (50 KiB by default):
 * every message over ~25 KiB failed with "Batch too large", for good.
 *
 * <p>Each query is a single range {@code id > / >= lower AND id < / <= upper}: the time range and
 * the paging id are folded into one bound per side in Java, because CQL accepts only one bound per
 * side. Four bound shapes times two directions times two tables are prepared up front.
 */
final class CassandraArchiveStore implements ArchiveStore {
  private static final UUID MIN = Uuids.startOf(0);
  private static final UUID MAX = Uuids.endOf(253402300799999L); // 9999-12-31T23:59:59.999Z

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement insertByWith;
  private final PreparedStatement selectIds;
  private final PreparedStatement selectFirst;
  private final PreparedStatement selectLast;
  private final PreparedStatement selectWiths;
  private final PreparedStatement deleteOwner;
  private final PreparedStatement deleteWith;
  private final PreparedStatement selectWithsBefore;
  private final PreparedStatement deleteOwnerBefore;
  private final PreparedStatement deleteWithBefore;
  /** [byWith 0/1][lowerExclusive 0/1][upperExclusive 0/1][descending 0/1]. */
  private final PreparedStatement[][][][] selects = new PreparedStatement[2][2][2][2];

  CassandraArchiveStore(CqlSession session, String keyspace) {
    this.session = session;
    String all = keyspace + ".archive_messages";
    String byWith = keyspace + ".archive_messages_by_with";
    insert = session.prepare("INSERT INTO " + all + " (owner, id, stamp, with_jid, direction, stanza) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    insertByWith = session.prepare("INSERT INTO " + byWith + " (owner, with_jid, id, stamp, direction, stanza) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    selectIds = session.prepare("SELECT id, stamp, with_jid, direction, stanza FROM " + all + " WHERE owner = ? AND id IN ?");
    selectFirst = session.prepare("SELECT id, stamp, with_jid, direction, stanza FROM " + all + " WHERE owner = ? ORDER BY id ASC LIMIT 1");
    selectLast = session.prepare("SELECT id, stamp, with_jid, direction, stanza FROM " + all + " WHERE owner = ? ORDER BY id DESC LIMIT 1");
    selectWiths = session.prepare("SELECT with_jid FROM " + all + " WHERE owner = ?");
    deleteOwner = session.prepare("DELETE FROM " + all + " WHERE owner = ?");
    deleteWith = session.prepare("DELETE FROM " + byWith + " WHERE owner = ? AND with_jid = ?");
    // Range deletions (one range tombstone per partition): only ids before the bound.
    selectWithsBefore = session.prepare("SELECT with_jid FROM " + all + " WHERE owner = ? AND id < ?");
    deleteOwnerBefore = session.prepare("DELETE FROM " + all + " WHERE owner = ? AND id < ?");
    deleteWithBefore = session.prepare("DELETE FROM " + byWith + " WHERE owner = ? AND with_jid = ? AND id < ?");
    for (int w = 0; w < 2; w++) {
      for (int le = 0; le < 2; le++) {
        for (int ue = 0; ue < 2; ue++) {
          for (int d = 0; d < 2; d++) {
            selects[w][le][ue][d] = session.prepare("SELECT id, stamp, with_jid, direction, stanza FROM "
                + (w == 1 ? byWith + " WHERE owner = ? AND with_jid = ?" : all + " WHERE owner = ?")
                + " AND id " + (le == 1 ? ">" : ">=") + " ? AND id " + (ue == 1 ? "<" : "<=") + " ?"
                + " ORDER BY id " + (d == 1 ? "DESC" : "ASC") + " LIMIT ?");
          }
        }
      }
    }
  }

  @Override
  public CompletionStage<ArchivedMessage> append(BareJid owner, ArchivedMessage m, int ttlSeconds) {
    if (ttlSeconds < 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("negative TTL"));
    }
    UUID id = m.id() != null ? m.id() : TimeUuids.at(m.stamp());
    String o = owner.toString();
    ArchivedMessage stored = new ArchivedMessage(id, m.stamp(), m.with(), m.direction(), m.stanzaXml());
    CompletionStage<?> byOwner =
        session.executeAsync(insert.bind(o, id, m.stamp(), m.with(), m.direction().name(), m.stanzaXml(), ttlSeconds));
    CompletionStage<?> byWith = session.executeAsync(
        insertByWith.bind(o, m.with(), id, m.stamp(), m.direction().name(), m.stanzaXml(), ttlSeconds));
    return byOwner.thenCombine(byWith, (a, b) -> stored);
  }

  @Override
  public CompletionStage<List<ArchivedMessage>> get(BareJid owner, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return AsyncRows.collect(session.executeAsync(selectIds.bind(owner.toString(), List.copyOf(ids))),
        ids.size(), CassandraArchiveStore::message);
  }

  @Override
  public CompletionStage<Optional<ArchivedMessage>> edge(BareJid owner, boolean last) {
    return AsyncRows.collect(session.executeAsync((last ? selectLast : selectFirst).bind(owner.toString())), 1,
        CassandraArchiveStore::message).thenApply(rows -> rows.stream().findFirst());
  }

  @Override
  public CompletionStage<Void> deleteAll(BareJid owner) {
    String o = owner.toString();
    // The JID-filtered partitions are found through the owner's own partition (read once, as a
    // deletion is rare), and deleted before it, so a failure halfway can be retried.
    return AsyncRows.collect(session.executeAsync(selectWiths.bind(o)), Integer.MAX_VALUE, r -> r.getString("with_jid"))
        .thenCompose(withs -> {
          List<CompletableFuture<?>> deletes = new ArrayList<>();
          for (String w : new java.util.TreeSet<>(withs)) {
            deletes.add(session.executeAsync(deleteWith.bind(o, w)).toCompletableFuture());
          }
          return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
        })
        .thenCompose(v -> session.executeAsync(deleteOwner.bind(o)))
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> deleteBefore(BareJid owner, Instant before) {
    String o = owner.toString();
    UUID bound = Uuids.startOf(before.toEpochMilli());
    // As deleteAll: the JID-filtered rows first, found through the owner's rows, which go last.
    return AsyncRows.collect(session.executeAsync(selectWithsBefore.bind(o, bound)), Integer.MAX_VALUE,
            r -> r.getString("with_jid"))
        .thenCompose(withs -> {
          if (withs.isEmpty()) {
            return CompletableFuture.completedFuture(null); // nothing to delete: no tombstone either
          }
          List<CompletableFuture<?>> deletes = new ArrayList<>();
          for (String w : new java.util.TreeSet<>(withs)) {
            deletes.add(session.executeAsync(deleteWithBefore.bind(o, w, bound)).toCompletableFuture());
          }
          return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
              .thenCompose(v -> session.executeAsync(deleteOwnerBefore.bind(o, bound)))
              .thenApply(rs -> (Void) null);
        });
  }

  @Override
  public CompletionStage<ArchivePage> query(BareJid owner, ArchiveQuery q) {
    Bound lower = new Bound(q.start().map(s -> Uuids.startOf(s.toEpochMilli())).orElse(MIN), false);
    Bound upper = new Bound(q.end().map(e -> Uuids.endOf(e.toEpochMilli())).orElse(MAX), false);
    try {
      if (q.afterId().isPresent()) {
        lower = tighterLower(lower, parseId(q.afterId().get()));
      }
      if (q.beforeId().isPresent() && !q.beforeId().get().isEmpty()) {
        upper = tighterUpper(upper, parseId(q.beforeId().get()));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    boolean desc = q.backwards();
    if (lower.id.timestamp() > upper.id.timestamp()) {
      return CompletableFuture.completedFuture(new ArchivePage(List.of(), true));
    }
    int w = q.with().isPresent() ? 1 : 0;
    PreparedStatement ps = selects[w][lower.exclusive ? 1 : 0][upper.exclusive ? 1 : 0][desc ? 1 : 0];
    List<Object> values = new ArrayList<>();
    values.add(owner.toString());
    q.with().ifPresent(values::add);
    values.add(lower.id);
    values.add(upper.id);
    values.add(q.max() + 1); // one more tells whether the page is the last
    return AsyncRows.collect(session.executeAsync(ps.bind(values.toArray())), q.max() + 1, CassandraArchiveStore::message)
        .thenApply(rows -> {
          boolean complete = rows.size() <= q.max();
          List<ArchivedMessage> page = new ArrayList<>(rows.subList(0, Math.min(rows.size(), q.max())));
          if (desc) {
            Collections.reverse(page);
          }
          return new ArchivePage(page, complete);
        });
  }

  private record Bound(UUID id, boolean exclusive) {}

  /** The later of a time bound and "after this id" (exclusive). */
  private static Bound tighterLower(Bound time, UUID after) {
    return after.timestamp() >= time.id.timestamp() ? new Bound(after, true) : time;
  }

  /** The earlier of a time bound and "before this id" (exclusive). */
  private static Bound tighterUpper(Bound time, UUID before) {
    return before.timestamp() <= time.id.timestamp() ? new Bound(before, true) : time;
  }

  private static UUID parseId(String s) {
    UUID id = UUID.fromString(s);
    if (id.version() != 1) {
      throw new IllegalArgumentException("not an archive id: " + s);
    }
    return id;
  }

  private static ArchivedMessage message(Row r) {
    Instant stamp = r.getInstant("stamp");
    return new ArchivedMessage(r.getUuid("id"), stamp, r.getString("with_jid"),
        ArchivedMessage.Direction.valueOf(r.getString("direction")), r.getString("stanza"));
  }
}
