package io.switchboard.node.pubsub;

import io.switchboard.persistence.pubsub.PubSubItem;
import io.switchboard.persistence.pubsub.PubSubNodeId;
import io.switchboard.persistence.pubsub.PubSubPayloadStore;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.sharding.pubsub.Item;
import io.switchboard.sharding.pubsub.ItemStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pub-sub nodes' {@link ItemStore} (issue #23 F9) on {@link PubSubPayloadStore}: each payload
 * as its XML text under the item's ref, parsed back with the stream's rules when read.
 */
public final class CassandraItemStore implements ItemStore {
  private final PubSubPayloadStore store;

  /** On the cluster's Cassandra. */
  public static CassandraItemStore of(io.switchboard.persistence.Persistence persistence) {
    return new CassandraItemStore(PubSubPayloadStore.cassandra(persistence.session(), persistence.settings()));
  }

  public CassandraItemStore(PubSubPayloadStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Void> write(String service, String node, List<Item> items) {
    return store.write(new PubSubNodeId(service, node), items.stream()
        .map(i -> new PubSubItem(i.ref(), i.publisher(), i.payload().toXml(), i.stamp()))
        .toList());
  }

  @Override
  public CompletionStage<Map<String, XmlElement>> read(String service, String node,
      Collection<String> refs) {
    return store.read(new PubSubNodeId(service, node), refs).thenApply(rows -> {
      Map<String, XmlElement> out = new HashMap<>();
      rows.forEach((ref, xml) -> out.put(ref, XmlParser.parse(xml).orElseThrow(
          () -> new IllegalStateException("stored payload " + ref + " is not XML"))));
      return out;
    });
  }

  @Override
  public CompletionStage<Void> delete(String service, String node, Collection<String> refs) {
    return store.delete(new PubSubNodeId(service, node), refs);
  }

  @Override
  public CompletionStage<Integer> sweep(String service, String node, Instant before,
      Set<String> keep) {
    PubSubNodeId id = new PubSubNodeId(service, node);
    return store.refsStampedBefore(id, before).thenCompose(refs -> {
      List<String> gone = refs.stream().filter(r -> !keep.contains(r)).toList();
      return gone.isEmpty() ? CompletableFuture.completedFuture(0)
          : store.delete(id, gone).thenApply(v -> gone.size());
    });
  }
}
