package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void take_withinOneSecondOfBurst_noWait() {
    TokenBucket bucket = new TokenBucket(1000, 0);

    assertThat(bucket.take(600, 0)).isZero();
    assertThat(bucket.take(400, 0)).isZero();
  }

  @Test
  void take_overdrawn_waitsUntilRefilled() {
    TokenBucket bucket = new TokenBucket(1000, 0);

    // 1500 bytes against 1000 tokens: 500 short at 1000 B/s is half a second.
    assertThat(bucket.take(1500, 0)).isEqualTo(SECOND / 2);
  }

  @Test
  void take_afterWaiting_isRefilledAtTheRate() {
    TokenBucket bucket = new TokenBucket(1000, 0);
    bucket.take(1000, 0);

    assertThat(bucket.take(250, SECOND / 4)).isZero();
    assertThat(bucket.take(250, SECOND / 4)).isEqualTo(SECOND / 4);
  }

  @Test
  void take_afterLongIdle_burstIsCappedAtOneSecond() {
    TokenBucket bucket = new TokenBucket(1000, 0);

    assertThat(bucket.take(2000, 60 * SECOND)).isEqualTo(SECOND);
  }
}
