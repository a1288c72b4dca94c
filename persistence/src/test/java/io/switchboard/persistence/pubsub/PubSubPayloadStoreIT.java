package io.switchboard.persistence.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PubSubPayloadStore} on a real Cassandra (issue #23 F9). */
@ExtendWith(CassandraExtension.class)
class PubSubPayloadStoreIT {
  private static final Instant T0 = Instant.parse("2026-12-07T11:00:00Z");
  private static Persistence persistence;
  private static PubSubPayloadStore store;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("pubsub_payload_it"));
    store = PubSubPayloadStore.cassandra(persistence.session(), persistence.settings());
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  private static PubSubItem row(String ref, int n) {
    return new PubSubItem(ref, "alice@example.org/phone", "<entry xmlns='urn:test'>" + n + "</entry>",
        T0.plusSeconds(n));
  }

  private static PubSubNodeId node(String name) {
    return new PubSubNodeId("pubsub.example.org", name);
  }

  @Test
  void write_thenRead_byRef_missingRefsAbsent_otherNodesApart() throws Exception {
    await(store.write(node("a"), List.of(row("r1", 1))));
    await(store.write(node("a"), List.of(row("r2", 2), row("r3", 3))));
    await(store.write(node("b"), List.of(row("r1", 9))));

    assertThat(await(store.read(node("a"), List.of("r3", "r1", "nope")))).isEqualTo(Map.of(
        "r1", "<entry xmlns='urn:test'>1</entry>", "r3", "<entry xmlns='urn:test'>3</entry>"));
    assertThat(await(store.read(node("b"), List.of("r1")))).containsEntry("r1",
        "<entry xmlns='urn:test'>9</entry>");
  }

  @Test
  void readAndDelete_moreRefsThanOneQueryTakes() throws Exception {
    List<PubSubItem> rows = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      rows.add(row("ref-" + i, i));
      refs.add("ref-" + i);
    }
    for (int i = 0; i < rows.size(); i += 50) {
      await(store.write(node("many"), rows.subList(i, i + 50)));
    }

    assertThat(await(store.read(node("many"), refs))).hasSize(250);

    await(store.delete(node("many"), refs.subList(0, 240)));
    assertThat(await(store.read(node("many"), refs)).keySet())
        .containsExactlyInAnyOrderElementsOf(refs.subList(240, 250));
  }

  @Test
  void refsStampedBefore_onlyTheOlderRowsOfThatNode() throws Exception {
    await(store.write(node("sweep"), List.of(row("old-1", 1), row("old-2", 2), row("new", 30))));
    await(store.write(node("other"), List.of(row("elsewhere", 1))));

    assertThat(await(store.refsStampedBefore(node("sweep"), T0.plusSeconds(10))))
        .containsExactlyInAnyOrder("old-1", "old-2");
  }
}
