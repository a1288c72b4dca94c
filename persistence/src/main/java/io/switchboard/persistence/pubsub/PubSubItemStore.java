package io.switchboard.persistence.pubsub;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Items of pub-sub nodes, keyed by (service, node) and item id. Writes for one node are expected
 * from that node's single entity (the PubSubNode entity is sharded by service plus node).
 */
public interface PubSubItemStore {

  static PubSubItemStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraPubSubItemStore(session, settings.keyspace());
  }

  /** Stores {@code item}, replacing an item with the same id (which then counts as newest). */
  CompletionStage<Void> put(PubSubNodeId node, PubSubItem item);

  /** The items with these ids that exist, in the order of {@code ids}. */
  CompletionStage<List<PubSubItem>> get(PubSubNodeId node, Collection<String> ids);

  /** The {@code n} most recently published items, newest first. */
  CompletionStage<List<PubSubItem>> latest(PubSubNodeId node, int n);

  /** Removes one item; true if it existed. */
  CompletionStage<Boolean> retract(PubSubNodeId node, String itemId);

  /** Removes every item of the node. */
  CompletionStage<Void> purge(PubSubNodeId node);

  CompletionStage<Integer> count(PubSubNodeId node);
}
