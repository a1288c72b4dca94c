package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a lost domain is tried again: the back-off behind {@link PeerStreams}' tries. */
class RedialTest {
  private static final Duration FIRST = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofMinutes(5);

  @Test
  void after_firstTryAfterFirst_notBefore() {
    Redial r = Redial.after(1_000, FIRST);
    assertThat(r.due(30_999)).isFalse();
    assertThat(r.due(31_000)).isTrue();
    assertThat(Redial.NONE.due(Long.MAX_VALUE)).as("nothing planned").isFalse();
  }

  @Test
  void tried_waitsDoubleEachTime_upToMax() {
    // 30 s after the announcement, then 60, 120, 240, and 300 s from then on.
    long[] waits = new long[7];
    Redial r = Redial.after(0, FIRST);
    long now = r.dueAt();
    for (int i = 0; i < waits.length; i++) {
      Redial next = r.tried(now, FIRST, MAX);
      waits[i] = next.dueAt() - now;
      assertThat(next.tries()).isEqualTo(i + 1);
      assertThat(next.due(now)).isFalse();
      now = next.dueAt();
      r = next;
    }
    assertThat(waits).containsExactly(60_000, 120_000, 240_000, 300_000, 300_000, 300_000, 300_000);
  }

  @Test
  void triesWithinTheReturnWindow_bounded() {
    // The return is awaited for an hour at most: 14 tries with the defaults.
    long window = PeerStreams.RETURN_WINDOW.toMillis();
    Redial r = Redial.after(0, FIRST);
    int tries = 0;
    while (r.dueAt() <= window) {
      r = r.tried(r.dueAt(), FIRST, MAX);
      tries++;
    }
    assertThat(tries).isEqualTo(14); // at 30, 90, 210, 450 s, then every 300 s up to 3450 s
  }

  @Test
  void delay_neverOverflows_andMaxEqualToFirst_isConstant() {
    assertThat(Redial.delay(10_000, FIRST, MAX)).isEqualTo(MAX);
    assertThat(Redial.delay(3, FIRST, FIRST)).isEqualTo(FIRST);
  }
}
