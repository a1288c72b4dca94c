package io.switchboard.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.pubsub.PubSubItem;
import io.switchboard.persistence.pubsub.PubSubNodeId;
import io.switchboard.persistence.pubsub.PubSubPayloadStore;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.Item;
import io.switchboard.sharding.pubsub.ItemStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link CassandraItemStore}: payloads go to the table as XML text and come back equal. */
class CassandraItemStoreTest {

  /** Rows of one node in a map, as the table holds them (text). */
  private static final class Rows implements PubSubPayloadStore {
    final Map<String, String> text = new HashMap<>();
    final Map<String, Instant> stamps = new HashMap<>();

    @Override
    public CompletionStage<Void> write(PubSubNodeId node, List<PubSubItem> items) {
      items.forEach(i -> text.put(i.id(), i.payloadXml()));
      items.forEach(i -> stamps.put(i.id(), i.stamp()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<String>> refsStampedBefore(PubSubNodeId node, Instant before) {
      return CompletableFuture.completedFuture(stamps.entrySet().stream()
          .filter(e -> e.getValue().isBefore(before)).map(Map.Entry::getKey).toList());
    }

    @Override
    public CompletionStage<Map<String, String>> read(PubSubNodeId node, Collection<String> refs) {
      Map<String, String> out = new HashMap<>();
      refs.stream().filter(text::containsKey).forEach(r -> out.put(r, text.get(r)));
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Void> delete(PubSubNodeId node, Collection<String> refs) {
      refs.forEach(text::remove);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Test
  void payload_roundTripsThroughItsXmlText_byRef() throws Exception {
    XmlElement payload = XmlElement.builder("entry", "http://www.w3.org/2005/Atom")
        .attr("xml:lang", "en")
        .textChild("title", "<Soliloquy> & \"more\" ☃")
        .child(XmlElement.builder("geoloc", "http://jabber.org/protocol/geoloc")
            .textChild("lat", "45.44"))
        .build();
    Rows rows = new Rows();
    ItemStore store = new CassandraItemStore(rows);
    Item item = new Item("i1", "alice@example.com/a", payload, Instant.EPOCH, "ref-1", 10);

    store.write("pubsub.example.com", "blog", List.of(item)).toCompletableFuture().get();
    Map<String, XmlElement> read = store.read("pubsub.example.com", "blog",
        List.of("ref-1", "ref-2")).toCompletableFuture().get();

    assertThat(rows.text).containsOnlyKeys("ref-1");
    assertThat(read).containsOnlyKeys("ref-1");
    assertThat(read.get("ref-1")).isEqualTo(payload);
  }

  @Test
  void sweep_deletesOlderRowsNotKept() throws Exception {
    Rows rows = new Rows();
    ItemStore store = new CassandraItemStore(rows);
    XmlElement p = XmlElement.of("x", "urn:test");
    store.write("s", "n", List.of(
        new Item("a", "s", p, Instant.ofEpochSecond(1), "orphan", 1),
        new Item("b", "s", p, Instant.ofEpochSecond(2), "kept", 1),
        new Item("c", "s", p, Instant.ofEpochSecond(20), "later", 1))).toCompletableFuture().get();

    int swept = store.sweep("s", "n", Instant.ofEpochSecond(10), java.util.Set.of("kept"))
        .toCompletableFuture().get();

    assertThat(swept).isEqualTo(1);
    assertThat(rows.text).containsOnlyKeys("kept", "later");
  }
}
