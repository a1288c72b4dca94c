package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What each scenario offers per second and how its drain may end. */
class ScenarioRatesTest {
  private static final ScenarioSettings RATE_2 =
      new ScenarioSettings(2, 64, ScenarioSettings.Targets.LOCAL, 0, false, null, "feed");

  @Test
  void chatAndPresence_offerTheRatePerOnlineUser() {
    assertThat(new ChatScenario(RATE_2).offeredPerSecond(10)).isEqualTo(20.0);
    assertThat(new PresenceScenario(RATE_2).offeredPerSecond(10)).isEqualTo(20.0);
  }

  @Test
  void pubsub_offersOnePublishersRate_idleNothing() {
    assertThat(new PubsubScenario(RATE_2).offeredPerSecond(10)).isEqualTo(2.0);
    assertThat(new IdleScenario().offeredPerSecond(10)).isZero();
  }

  @Test
  void onlyChat_deliversOncePerSend() {
    assertThat(new ChatScenario(RATE_2).deliversOncePerSend()).isTrue();
    assertThat(new PresenceScenario(RATE_2).deliversOncePerSend()).isFalse();
    assertThat(new PubsubScenario(RATE_2).deliversOncePerSend()).isFalse();
    assertThat(new IdleScenario().deliversOncePerSend()).isFalse();
  }
}
