package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatePacerTest {
  private static final long MS = 1_000_000L;

  @Test
  void take_steadyTicks_deliversExactRateWithoutLoss() {
    RatePacer p = new RatePacer(0, 1.0);
    long total = 0;
    for (long t = 5; t <= 10_000; t += 5) {
      total += p.take(t * MS, 1000);
    }
    assertThat(total).isEqualTo(10_000);
    assertThat(p.late()).isZero();
  }

  @Test
  void take_fractionalRate_carriesCreditAcrossTicks() {
    RatePacer p = new RatePacer(0, 1.0);
    long total = 0;
    for (long t = 5; t <= 2_000; t += 5) {
      total += p.take(t * MS, 3.5);
    }
    assertThat(total).isEqualTo(7);
  }

  @Test
  void take_afterStall_capsBurstAndCountsLate() {
    RatePacer p = new RatePacer(0, 1.0);

    int due = p.take(5_000 * MS, 100); // 5 s stalled at 100/s: 500 due, 100 allowed

    assertThat(due).isEqualTo(100);
    assertThat(p.late()).isEqualTo(400);
  }

  @Test
  void take_rateChanges_followsCurrentRate() {
    RatePacer p = new RatePacer(0, 1.0);
    long first = 0;
    for (long t = 10; t <= 1_000; t += 10) {
      first += p.take(t * MS, 200);
    }
    long second = 0;
    for (long t = 1_010; t <= 2_000; t += 10) {
      second += p.take(t * MS, 50);
    }
    assertThat(first).isEqualTo(200);
    assertThat(second).isEqualTo(50);
  }

  @Test
  void take_clockGoesBackwards_dueNothing() {
    RatePacer p = new RatePacer(100 * MS, 1.0);
    assertThat(p.take(50 * MS, 1000)).isZero();
  }
}
