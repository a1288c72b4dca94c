package io.switchboard.persistence.pubsub;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The payloads of pub-sub items kept outside their node entity (issue #23 F9), each under a key
 * ({@code ref}) its node chose and never reuses: a write never overwrites, a delete names exactly
 * the rows it removes. Which ref belongs to which item id is the node's journal's business, not
 * this store's: here there is no "latest" and no replace.
 */
public interface PubSubPayloadStore {

  static PubSubPayloadStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraPubSubPayloadStore(session, settings.keyspace());
  }

  /** Writes each item's payload under its {@link PubSubItem#id()}, which is the ref. */
  CompletionStage<Void> write(PubSubNodeId node, List<PubSubItem> items);

  /** The payloads (serialised XML) of those {@code refs} that have a row, by ref. */
  CompletionStage<Map<String, String>> read(PubSubNodeId node, Collection<String> refs);

  /** Removes the rows of {@code refs} (those absent are ignored). */
  CompletionStage<Void> delete(PubSubNodeId node, Collection<String> refs);

  /** The refs of the node's rows stamped before {@code before} (a whole-partition read). */
  CompletionStage<List<String>> refsStampedBefore(PubSubNodeId node, Instant before);
}
