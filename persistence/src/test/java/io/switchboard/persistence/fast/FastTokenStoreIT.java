package io.switchboard.persistence.fast;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The XEP-0484 token rows on the real Cassandra; shares TokenStoreIT's keyspace (already migrated). */
@ExtendWith(CassandraExtension.class)
class FastTokenStoreIT {
  private static final Instant EXPIRY = Instant.parse("2026-12-20T12:00:00Z");
  private static Persistence persistence;
  private static FastTokenStore store;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("token_it"));
    store = FastTokenStore.cassandra(persistence.session(), persistence.settings());
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void put_thenFind_sameRowPerClient() {
    FastTokenRow row = new FastTokenRow(new FastTokenRow.Key(new byte[] {1, 2}, EXPIRY),
        Optional.of(new FastTokenRow.Key(new byte[] {3}, EXPIRY.minusSeconds(60))), new byte[] {9}, 7);
    await(store.put("alice", "ua-1", row, Duration.ofMinutes(5)));

    FastTokenRow found = await(store.find("alice", "ua-1")).orElseThrow();
    assertThat(found.current().key()).containsExactly(1, 2);
    assertThat(found.current().expiry()).isEqualTo(EXPIRY);
    assertThat(found.previous().orElseThrow().key()).containsExactly(3);
    assertThat(found.accountStamp()).containsExactly(9);
    assertThat(found.count()).isEqualTo(7);
    assertThat(await(store.find("alice", "ua-2"))).isEmpty();
  }

  @Test
  void put_withoutPrevious_thenDelete_gone() {
    await(store.put("bob", "ua-1", new FastTokenRow(new FastTokenRow.Key(new byte[] {1}, EXPIRY), Optional.empty(),
        new byte[] {9}, -1), Duration.ofMinutes(5)));
    assertThat(await(store.find("bob", "ua-1")).orElseThrow().previous()).isEmpty();

    await(store.delete("bob", "ua-1"));

    assertThat(await(store.find("bob", "ua-1"))).isEmpty();
  }

  @Test
  void put_ttl_rowCarriesIt() {
    await(store.put("carol", "ua-1", new FastTokenRow(new FastTokenRow.Key(new byte[] {1}, EXPIRY), Optional.empty(),
        new byte[] {9}, -1), Duration.ofSeconds(60)));
    var ttl = persistence.session().execute(
        "SELECT TTL(current_key) FROM token_it.fast_tokens WHERE username = 'carol' AND client_id = 'ua-1'").one();
    assertThat(ttl.getInt(0)).isBetween(30, 60);
  }
}
