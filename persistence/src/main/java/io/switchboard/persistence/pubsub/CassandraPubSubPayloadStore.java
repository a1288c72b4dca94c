package io.switchboard.persistence.pubsub;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.switchboard.persistence.AsyncRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link PubSubPayloadStore} on the {@code pubsub_items} table of schema V5, whose clustering
 * column {@code item_id} here holds the ref ({@code seq} stays null; nothing is written to
 * {@code pubsub_items_by_time}). One partition per node; a write of several items (a feed batch)
 * is one unlogged batch on that partition. Reads and deletes go {@value #CHUNK} keys per query.
 */
final class CassandraPubSubPayloadStore implements PubSubPayloadStore {
  static final int CHUNK = 100;

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;
  private final PreparedStatement stamps;

  CassandraPubSubPayloadStore(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".pubsub_items";
    insert = session.prepare("INSERT INTO " + table
        + " (service, node, item_id, publisher, payload, stamp) VALUES (?, ?, ?, ?, ?, ?)");
    select = session.prepare("SELECT item_id, payload FROM " + table
        + " WHERE service = ? AND node = ? AND item_id IN ?");
    delete = session.prepare("DELETE FROM " + table
        + " WHERE service = ? AND node = ? AND item_id IN ?");
    stamps = session.prepare("SELECT item_id, stamp FROM " + table
        + " WHERE service = ? AND node = ?");
  }

  @Override
  public CompletionStage<Void> write(PubSubNodeId n, List<PubSubItem> items) {
    if (items.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (items.size() == 1) {
      PubSubItem i = items.get(0);
      return session.executeAsync(insert.bind(n.service(), n.node(), i.id(), i.publisher(),
          i.payloadXml(), i.stamp())).thenApply(rs -> null);
    }
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    for (PubSubItem i : items) {
      batch.addStatement(insert.bind(n.service(), n.node(), i.id(), i.publisher(), i.payloadXml(),
          i.stamp()));
    }
    return session.executeAsync(batch.build()).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Map<String, String>> read(PubSubNodeId n, Collection<String> refs) {
    CompletionStage<Map<String, String>> all = CompletableFuture.completedFuture(new HashMap<>());
    for (List<String> chunk : chunks(refs)) {
      all = all.thenCombine(AsyncRows.collect(
          session.executeAsync(select.bind(n.service(), n.node(), chunk)), Integer.MAX_VALUE,
          r -> Map.entry(r.getString("item_id"), r.getString("payload"))), (m, rows) -> {
            rows.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
          });
    }
    return all;
  }

  @Override
  public CompletionStage<Void> delete(PubSubNodeId n, Collection<String> refs) {
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (List<String> chunk : chunks(refs)) {
      all = all.thenCombine(session.executeAsync(delete.bind(n.service(), n.node(), chunk)),
          (a, b) -> null);
    }
    return all;
  }

  @Override
  public CompletionStage<List<String>> refsStampedBefore(PubSubNodeId n, Instant before) {
    return AsyncRows.collect(session.executeAsync(stamps.bind(n.service(), n.node())),
            Integer.MAX_VALUE, r -> r.getInstant("stamp") == null || r.getInstant("stamp").isBefore(before)
                ? r.getString("item_id") : null)
        .thenApply(refs -> refs.stream().filter(java.util.Objects::nonNull).toList());
  }

  private static List<List<String>> chunks(Collection<String> refs) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(refs));
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i += CHUNK) {
      out.add(distinct.subList(i, Math.min(distinct.size(), i + CHUNK)));
    }
    return out;
  }
}
