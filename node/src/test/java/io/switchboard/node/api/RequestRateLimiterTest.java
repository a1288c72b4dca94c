package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import io.switchboard.node.testing.ManualClock;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RequestRateLimiter limiter = new RequestRateLimiter(2, 3, clock);

  @Test
  void acquire_withinBurst_allowedThenRefused() {
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
  }

  @Test
  void acquire_afterRefill_allowedAgain() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("a");
    }
    clock.advance(Duration.ofMillis(500)); // 2/s: one request back
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
  }

  @Test
  void acquire_keysAreIndependent() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("a");
    }
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void acquire_slowRate_retryAfterInWholeSeconds() {
    RequestRateLimiter slow = new RequestRateLimiter(0.1, 1, clock);
    assertThat(slow.acquire("a")).isZero();
    assertThat(slow.acquire("a")).isEqualTo(10);
  }
}
