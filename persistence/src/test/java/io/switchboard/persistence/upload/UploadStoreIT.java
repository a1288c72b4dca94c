package io.switchboard.persistence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class UploadStoreIT {
  private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
  private static Persistence persistence;
  private static UploadStore store;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("upload_it"));
    store = UploadStore.cassandra(persistence.session(), persistence.settings(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static UploadedFile file(String id, String owner, long size, int chunkSize) {
    return new UploadedFile(id, owner, "cat.jpg", "image/jpeg", size, chunkSize, UploadedFile.State.UPLOADING,
        UploadQuota.bucketOf(NOW), NOW, NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void begin_twiceForOneId_onlyFirstWins() {
    UploadedFile f = file("twice", "a@localhost", 10, 4);

    assertThat(await(store.begin(f, Duration.ofMinutes(5)))).isTrue();
    assertThat(await(store.begin(f, Duration.ofMinutes(5)))).isFalse();
    assertThat(await(store.find("twice"))).contains(f);
  }

  @Test
  void chunks_writtenThenCompleted_readBackInOrderAndListed() {
    UploadedFile f = file("whole", "b@localhost", 10, 4);
    await(store.begin(f, Duration.ofMinutes(5)));
    String text = "0123456789";
    for (int i = 0; i < f.chunks(); i++) {
      byte[] part = text.substring(i * 4, Math.min(10, i * 4 + 4)).getBytes(StandardCharsets.US_ASCII);
      await(store.writeChunk("whole", i, ByteBuffer.wrap(part), Duration.ofDays(30)));
    }
    await(store.complete(f, NOW));

    assertThat(f.chunks()).isEqualTo(3);
    StringBuilder read = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      ByteBuffer b = await(store.readChunk("whole", i)).orElseThrow();
      read.append(StandardCharsets.US_ASCII.decode(b));
    }
    assertThat(read).hasToString(text);
    assertThat(await(store.find("whole")).orElseThrow().isComplete()).isTrue();
    assertThat(await(store.byOwner("b@localhost", 10))).extracting(UploadedFile::id).containsExactly("whole");
    assertThat(await(store.readChunk("whole", 3))).isEmpty();
  }

  @Test
  void delete_andDeleteChunks_removeMetadataListingAndChunks() {
    UploadedFile f = file("gone", "c@localhost", 8, 4);
    await(store.begin(f, Duration.ofMinutes(5)));
    await(store.writeChunk("gone", 0, ByteBuffer.wrap(new byte[4]), Duration.ofDays(1)));
    await(store.writeChunk("gone", 1, ByteBuffer.wrap(new byte[4]), Duration.ofDays(1)));
    await(store.complete(f, NOW));

    await(store.delete(f));
    await(store.deleteChunks("gone", f.chunks()));

    assertThat(await(store.find("gone"))).isEmpty();
    assertThat(await(store.readChunk("gone", 0))).isEmpty();
    assertThat(await(store.readChunk("gone", 1))).isEmpty();
    assertThat(await(store.byOwner("c@localhost", 10))).isEmpty();
  }

  @Test
  void complete_rowsCarryTheTtlUntilExpiry() {
    UploadedFile f = file("ttl", "d@localhost", 1, 4);
    await(store.begin(f, Duration.ofMinutes(5)));
    await(store.writeChunk("ttl", 0, ByteBuffer.wrap(new byte[1]), Duration.ofDays(30)));
    await(store.complete(f, NOW));

    int ttl = persistence.session().execute(
        "SELECT TTL(state) FROM upload_it.upload_files WHERE id = 'ttl'").one().getInt(0);
    int chunkTtl = persistence.session().execute(
        "SELECT TTL(data) FROM upload_it.upload_chunks WHERE id = 'ttl' AND chunk = 0").one().getInt(0);
    long thirtyDays = Duration.ofDays(30).toSeconds();
    assertThat(ttl).isBetween((int) thirtyDays - 60, (int) thirtyDays);
    assertThat(chunkTtl).isBetween((int) thirtyDays - 60, (int) thirtyDays);
  }

  @Test
  void clusterKey_concurrentFirstUse_everyCallerGetsTheSameKey() {
    List<CompletableFuture<byte[]>> keys = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte fill = (byte) i;
      keys.add(store.clusterKey(() -> {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, fill);
        return k;
      }).toCompletableFuture());
    }
    byte[] first = keys.get(0).join();
    for (CompletableFuture<byte[]> k : keys) {
      assertThat(k.join()).isEqualTo(first);
    }
    assertThat(await(store.clusterKey(() -> new byte[32]))).isEqualTo(first);
    assertThat(first).hasSize(32);
    assertThat(Optional.of(first)).isPresent();
  }
}
