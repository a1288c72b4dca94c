package io.switchboard.persistence.pubsub;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.switchboard.persistence.AsyncRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link PubSubItemStore} on two tables: {@code pubsub_items} (clustered by item id: put/replace,
 * get by id, retract) and {@code pubsub_items_by_time} (clustered by a time-based {@code seq},
 * newest first: "latest N"). Each item row carries the {@code seq} of its index row.
 *
 * <p>A put reads the item's current {@code seq}, then writes the item with a new seq, the new
 * index row and the deletion of the old index row in one logged batch. If two puts of one item
 * race, an index row may be left pointing at a superseded seq; {@link #latest} checks every index
 * row against the item's current seq, skips (and deletes) stale ones, and reads on until it has
 * {@code n} items.
 */
final class CassandraPubSubItemStore implements PubSubItemStore {
  private final CqlSession session;
  private final PreparedStatement insertItem;
  private final PreparedStatement insertIndex;
  private final PreparedStatement deleteIndex;
  private final PreparedStatement deleteItem;
  private final PreparedStatement selectSeq;
  private final PreparedStatement selectItems;
  private final PreparedStatement selectIndex;
  private final PreparedStatement purgeItems;
  private final PreparedStatement purgeIndex;
  private final PreparedStatement count;

  CassandraPubSubItemStore(CqlSession session, String keyspace) {
    this.session = session;
    String items = keyspace + ".pubsub_items";
    String index = keyspace + ".pubsub_items_by_time";
    insertItem = session.prepare("INSERT INTO " + items
        + " (service, node, item_id, seq, publisher, payload, stamp) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertIndex = session.prepare("INSERT INTO " + index + " (service, node, seq, item_id) VALUES (?, ?, ?, ?)");
    deleteIndex = session.prepare("DELETE FROM " + index + " WHERE service = ? AND node = ? AND seq = ?");
    deleteItem = session.prepare("DELETE FROM " + items + " WHERE service = ? AND node = ? AND item_id = ?");
    selectSeq = session.prepare("SELECT seq FROM " + items + " WHERE service = ? AND node = ? AND item_id = ?");
    selectItems = session.prepare("SELECT item_id, seq, publisher, payload, stamp FROM " + items
        + " WHERE service = ? AND node = ? AND item_id IN ?");
    selectIndex = session.prepare("SELECT seq, item_id FROM " + index + " WHERE service = ? AND node = ?");
    purgeItems = session.prepare("DELETE FROM " + items + " WHERE service = ? AND node = ?");
    purgeIndex = session.prepare("DELETE FROM " + index + " WHERE service = ? AND node = ?");
    count = session.prepare("SELECT COUNT(*) FROM " + items + " WHERE service = ? AND node = ?");
  }

  @Override
  public CompletionStage<Void> put(PubSubNodeId n, PubSubItem item) {
    UUID seq = Uuids.timeBased();
    return session.executeAsync(selectSeq.bind(n.service(), n.node(), item.id())).thenCompose(rs -> {
      Row old = rs.one();
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
          .addStatement(insertItem.bind(n.service(), n.node(), item.id(), seq, item.publisher(), item.payloadXml(), item.stamp()))
          .addStatement(insertIndex.bind(n.service(), n.node(), seq, item.id()));
      if (old != null && old.getUuid("seq") != null) {
        batch.addStatement(deleteIndex.bind(n.service(), n.node(), old.getUuid("seq")));
      }
      return session.executeAsync(batch.build());
    }).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<List<PubSubItem>> get(PubSubNodeId n, Collection<String> ids) {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(ids));
    if (wanted.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return fetch(n, wanted).thenApply(found -> {
      List<PubSubItem> out = new ArrayList<>();
      for (String id : wanted) {
        Stored s = found.get(id);
        if (s != null) {
          out.add(s.item);
        }
      }
      return out;
    });
  }

  private record Stored(UUID seq, PubSubItem item) {}

  private CompletionStage<Map<String, Stored>> fetch(PubSubNodeId n, List<String> ids) {
    return AsyncRows.collect(session.executeAsync(selectItems.bind(n.service(), n.node(), ids)), Integer.MAX_VALUE,
            r -> new Stored(r.getUuid("seq"), new PubSubItem(r.getString("item_id"), r.getString("publisher"),
                r.getString("payload"), r.getInstant("stamp"))))
        .thenApply(list -> {
          Map<String, Stored> m = new HashMap<>();
          list.forEach(s -> m.put(s.item.id(), s));
          return m;
        });
  }

  @Override
  public CompletionStage<List<PubSubItem>> latest(PubSubNodeId n, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    CompletableFuture<List<PubSubItem>> result = new CompletableFuture<>();
    List<Stored> out = new ArrayList<>();
    session.executeAsync(selectIndex.bind(n.service(), n.node()).setPageSize(Math.max(max, 10)))
        .whenComplete((rs, e) -> onIndexPage(n, max, rs, e, out, result));
    return result;
  }

  private void onIndexPage(PubSubNodeId n, int max, AsyncResultSet rs, Throwable e, List<Stored> out,
      CompletableFuture<List<PubSubItem>> result) {
    if (e != null) {
      result.completeExceptionally(e);
      return;
    }
    List<Row> rows = new ArrayList<>();
    rs.currentPage().forEach(rows::add);
    List<String> ids = rows.stream().map(r -> r.getString("item_id")).distinct().toList();
    CompletionStage<Map<String, Stored>> items = ids.isEmpty()
        ? CompletableFuture.completedFuture(Map.of())
        : fetch(n, ids);
    items.whenComplete((found, e2) -> {
      if (e2 != null) {
        result.completeExceptionally(e2);
        return;
      }
      for (Row r : rows) {
        UUID seq = r.getUuid("seq");
        Stored s = found.get(r.getString("item_id"));
        if (s != null && seq.equals(s.seq)) {
          out.add(s);
        } else if (s == null || seq.timestamp() < s.seq.timestamp()) {
          // Stale: superseded by a newer put, or the item was retracted. (A seq newer than the
          // item's may be a put whose batch is still landing; leave that one alone.)
          session.executeAsync(deleteIndex.bind(n.service(), n.node(), seq));
        }
      }
      if (out.size() < max && rs.hasMorePages()) {
        rs.fetchNextPage().whenComplete((next, e3) -> onIndexPage(n, max, next, e3, out, result));
      } else {
        out.sort(Comparator.comparing((Stored s) -> s.seq.timestamp()).reversed()
            .thenComparing(s -> s.seq, Comparator.reverseOrder()));
        result.complete(out.stream().limit(max).map(Stored::item).toList());
      }
    });
  }

  @Override
  public CompletionStage<Boolean> retract(PubSubNodeId n, String itemId) {
    return session.executeAsync(selectSeq.bind(n.service(), n.node(), itemId)).thenCompose(rs -> {
      Row old = rs.one();
      if (old == null) {
        return CompletableFuture.completedFuture(false);
      }
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
          .addStatement(deleteItem.bind(n.service(), n.node(), itemId));
      if (old.getUuid("seq") != null) {
        batch.addStatement(deleteIndex.bind(n.service(), n.node(), old.getUuid("seq")));
      }
      return session.executeAsync(batch.build()).thenApply(r -> true);
    });
  }

  @Override
  public CompletionStage<Void> purge(PubSubNodeId n) {
    BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED,
        purgeItems.bind(n.service(), n.node()), purgeIndex.bind(n.service(), n.node()));
    return session.executeAsync(batch).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Integer> count(PubSubNodeId n) {
    return session.executeAsync(count.bind(n.service(), n.node())).thenApply(rs -> (int) rs.one().getLong(0));
  }
}
