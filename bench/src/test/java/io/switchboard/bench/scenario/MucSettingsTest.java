package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MucSettingsTest {
  @Test
  void stepAt_risesEveryStepThenHolds() {
    MucSettings s = new MucSettings(null, 10, 1, "bench", 3, 30, 120);

    assertThat(s.stepAt(0)).isEqualTo(1);
    assertThat(s.stepAt(29.9)).isEqualTo(1);
    assertThat(s.stepAt(30)).isEqualTo(2);
    assertThat(s.stepAt(89)).isEqualTo(3);
    assertThat(s.stepAt(500)).as("the last step holds").isEqualTo(3);
  }

  @Test
  void stepAt_oneStep_constant() {
    assertThat(MucSettings.DEFAULT.stepAt(1000)).isEqualTo(1);
  }

  @Test
  void serviceFor_defaultsToConference() {
    assertThat(MucSettings.DEFAULT.serviceFor("example.test")).isEqualTo("conference.example.test");
    assertThat(new MucSettings("muc.localhost", 10, 1, "bench", 1, 30, 120).serviceFor("localhost"))
        .isEqualTo("muc.localhost");
  }

  @Test
  void constructor_outOfBounds_refused() {
    assertThatThrownBy(() -> new MucSettings("a b", 10, 1, "bench", 1, 30, 120)).hasMessageContaining("service");
    assertThatThrownBy(() -> new MucSettings(null, 0, 1, "bench", 1, 30, 120)).hasMessageContaining("room size");
    assertThatThrownBy(() -> new MucSettings(null, 10, 0, "bench", 1, 30, 120)).hasMessageContaining("rooms");
    assertThatThrownBy(() -> new MucSettings(null, 10, 1, "Be'x", 1, 30, 120)).hasMessageContaining("prefix");
    assertThatThrownBy(() -> new MucSettings(null, 10, 1, "bench", 21, 30, 120)).hasMessageContaining("steps");
    assertThatThrownBy(() -> new MucSettings(null, 10, 1, "bench", 2, 0.5, 120)).hasMessageContaining("step seconds");
    assertThatThrownBy(() -> new MucSettings(null, 10, 1, "bench", 1, 30, 0)).hasMessageContaining("join timeout");
  }
}
