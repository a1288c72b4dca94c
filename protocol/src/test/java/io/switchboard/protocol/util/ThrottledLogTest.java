package io.switchboard.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void firstLineAtOnce_thenOnePerInterval_withWhatWasLeftOut() {
    ThrottledLog log = new ThrottledLog(Duration.ofSeconds(10));
    assertThat(log.due(5 * SECOND)).isTrue();
    assertThat(log.takeSkipped()).isZero();
    assertThat(log.due(6 * SECOND)).isFalse();
    assertThat(log.due(14 * SECOND)).isFalse();
    assertThat(log.due(15 * SECOND)).as("ten seconds after the last line").isTrue();
    assertThat(log.takeSkipped()).isEqualTo(2);
    assertThat(log.takeSkipped()).as("counted again from zero").isZero();
  }

  @Test
  void negativeNanoTimes_work() {
    ThrottledLog log = new ThrottledLog(Duration.ofSeconds(1));
    assertThat(log.due(Long.MIN_VALUE + 5)).isTrue();
    assertThat(log.due(Long.MIN_VALUE + 6)).isFalse();
    assertThat(log.due(Long.MIN_VALUE + 5 + SECOND)).isTrue();
  }
}
