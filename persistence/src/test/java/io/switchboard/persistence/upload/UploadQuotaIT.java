package io.switchboard.persistence.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class UploadQuotaIT {
  private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
  private static Persistence persistence;
  private static UploadQuota quota;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("upload_it"));
    quota = UploadQuota.cassandra(persistence.session(), persistence.settings(), Duration.ofDays(1));
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void reserve_concurrently_neverExceedsTheLimit() {
    // 40 reservations of 100 bytes at once against a limit of 1,000: exactly ten fit.
    List<CompletableFuture<UploadQuota.Reservation>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(quota.reserve("racer@localhost", 100, 1_000, NOW).toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();

    long granted = all.stream().map(CompletableFuture::join).filter(UploadQuota.Reservation::granted).count();
    assertThat(granted).isEqualTo(10);
    assertThat(await(quota.used("racer@localhost", NOW))).isEqualTo(1_000);
  }

  @Test
  void reserve_overTheLimit_isRefusedWithTheUsageAndWhenRoomComes() {
    Instant earlier = NOW.minus(Duration.ofHours(5));
    assertThat(await(quota.reserve("full@localhost", 700, 1_000, earlier)).granted()).isTrue();

    UploadQuota.Reservation refused = await(quota.reserve("full@localhost", 400, 1_000, NOW));

    assertThat(refused.granted()).isFalse();
    assertThat(refused.used()).isEqualTo(700);
    // The 700 bytes of 05:00-06:00 leave the one-day window at 06:00 the next day.
    assertThat(refused.freesAt()).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
    assertThat(await(quota.reserve("full@localhost", 300, 1_000, NOW)).granted()).isTrue();
  }

  @Test
  void used_countsOnlyTheWindow() {
    await(quota.reserve("old@localhost", 500, 10_000, NOW.minus(Duration.ofDays(2))));
    await(quota.reserve("old@localhost", 200, 10_000, NOW.minus(Duration.ofHours(23))));

    assertThat(await(quota.used("old@localhost", NOW))).isEqualTo(200);
  }

  @Test
  void release_givesTheBytesBack() {
    UploadQuota.Reservation r = await(quota.reserve("undo@localhost", 600, 1_000, NOW));

    await(quota.release("undo@localhost", r.bucket(), 600));

    assertThat(await(quota.used("undo@localhost", NOW))).isZero();
    assertThat(await(quota.reserve("undo@localhost", 1_000, 1_000, NOW)).granted()).isTrue();
  }

  @Test
  void release_ofAnUnknownBucket_isANoOp() {
    await(quota.release("nobody@localhost", UploadQuota.bucketOf(NOW), 100));

    assertThat(await(quota.used("nobody@localhost", NOW))).isZero();
  }
}
