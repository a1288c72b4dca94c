package io.switchboard.persistence.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class PubSubItemStoreIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static Persistence persistence;
  private static PubSubItemStore items;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("pubsub_it"));
    items = persistence.pubsubItems();
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  private static PubSubItem item(String id, int n) {
    return new PubSubItem(id, "alice@example.org/phone", "<entry xmlns='urn:test'>" + n + "</entry>", T0.plusSeconds(n));
  }

  private static PubSubNodeId node(String name) {
    return new PubSubNodeId("pubsub.example.org", name);
  }

  @Test
  void put_thenGet_returnsRequestedItemsInRequestOrder() throws Exception {
    PubSubNodeId n = node("get");
    await(items.put(n, item("a", 1)));
    await(items.put(n, item("b", 2)));
    assertThat(await(items.get(n, List.of("b", "missing", "a")))).containsExactly(item("b", 2), item("a", 1));
  }

  @Test
  void latest_returnsNewestFirst() throws Exception {
    PubSubNodeId n = node("latest");
    for (int i = 0; i < 5; i++) {
      await(items.put(n, item("i" + i, i)));
    }
    assertThat(await(items.latest(n, 3))).extracting(PubSubItem::id).containsExactly("i4", "i3", "i2");
    assertThat(await(items.latest(n, 10))).hasSize(5);
  }

  @Test
  void put_sameId_replacesAndBecomesNewest() throws Exception {
    PubSubNodeId n = node("replace");
    await(items.put(n, item("x", 1)));
    await(items.put(n, item("y", 2)));
    await(items.put(n, item("x", 3)));
    assertThat(await(items.count(n))).isEqualTo(2);
    assertThat(await(items.latest(n, 10))).containsExactly(item("x", 3), item("y", 2));
    assertThat(persistence.session().execute(
        "SELECT COUNT(*) FROM pubsub_it.pubsub_items_by_time WHERE service = 'pubsub.example.org' AND node = 'replace'")
        .one().getLong(0)).isEqualTo(2);
  }

  @Test
  void retract_existing_removesItAndItsIndexRow() throws Exception {
    PubSubNodeId n = node("retract");
    await(items.put(n, item("keep", 1)));
    await(items.put(n, item("gone", 2)));
    assertThat(await(items.retract(n, "gone"))).isTrue();
    assertThat(await(items.retract(n, "gone"))).isFalse();
    assertThat(await(items.get(n, List.of("gone")))).isEmpty();
    assertThat(await(items.latest(n, 10))).containsExactly(item("keep", 1));
  }

  @Test
  void purge_removesEveryItemOfThatNodeOnly() throws Exception {
    PubSubNodeId n = node("purge");
    PubSubNodeId other = node("purge-other");
    await(items.put(n, item("a", 1)));
    await(items.put(n, item("b", 2)));
    await(items.put(other, item("a", 1)));
    await(items.purge(n));
    assertThat(await(items.count(n))).isZero();
    assertThat(await(items.latest(n, 10))).isEmpty();
    assertThat(await(items.latest(other, 10))).containsExactly(item("a", 1));
  }

  @Test
  void latest_indexRowsNotMatchingTheItem_areSkipped() throws Exception {
    PubSubNodeId n = node("stale");
    await(items.put(n, item("a", 1)));
    await(items.put(n, item("b", 2)));
    String insert = "INSERT INTO pubsub_it.pubsub_items_by_time (service, node, seq, item_id) "
        + "VALUES ('pubsub.example.org', 'stale', %s, '%s')";
    // A row left by a lost race for a retracted item, and a row newer than its item's current seq.
    persistence.session().execute(insert.formatted("minTimeuuid('2020-01-01')", "zombie"));
    persistence.session().execute(insert.formatted("maxTimeuuid('2099-01-01')", "a"));

    assertThat(await(items.latest(n, 10))).containsExactly(item("b", 2), item("a", 1));
    assertThat(await(items.latest(n, 1))).containsExactly(item("b", 2));
  }
}
