package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a node's item payloads live beyond its cache (issue #23 F9), by {@link Item#ref()}. The
 * node writes a payload before the event that refers to it and deletes it after the event that
 * stops referring to it (see {@link ItemPayloads}). {@link #INLINE} keeps every payload in the
 * node's state, as before (tests, and a node built without a store). The server implements it on
 * Cassandra ({@code io.switchboard.node.pubsub.CassandraItemStore}).
 */
public interface ItemStore {

  /** No store: items carry their payloads inline, none is ever evicted. */
  ItemStore INLINE = new ItemStore() {
    @Override
    public boolean external() {
      return false;
    }

    @Override
    public CompletionStage<Void> write(String service, String node, List<Item> items) {
      return CompletableFuture.failedFuture(new IllegalStateException("no item store"));
    }

    @Override
    public CompletionStage<Map<String, XmlElement>> read(String service, String node,
        Collection<String> refs) {
      return CompletableFuture.failedFuture(new IllegalStateException("no item store"));
    }

    @Override
    public CompletionStage<Void> delete(String service, String node, Collection<String> refs) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Integer> sweep(String service, String node, Instant before,
        Set<String> keep) {
      return CompletableFuture.completedFuture(0);
    }
  };

  /** Whether payloads go to this store (false: they stay inline). */
  default boolean external() {
    return true;
  }

  /** Writes the payload of each of {@code items} (each with a ref and a payload). */
  CompletionStage<Void> write(String service, String node, List<Item> items);

  /** The payloads of those {@code refs} that are stored, by ref. */
  CompletionStage<Map<String, XmlElement>> read(String service, String node,
      Collection<String> refs);

  CompletionStage<Void> delete(String service, String node, Collection<String> refs);

  /**
   * Deletes the node's rows stamped before {@code before} whose ref is not in {@code keep}: those
   * left by a crash between a payload write and its event (issue #23 F9). Run after a purge or
   * delete, with the refs the node still holds: a row written after {@code before} (a publish
   * following the purge) is not touched. Returns how many rows it deleted.
   */
  CompletionStage<Integer> sweep(String service, String node, Instant before, Set<String> keep);
}
