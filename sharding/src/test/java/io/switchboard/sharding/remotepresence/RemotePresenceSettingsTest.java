package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemotePresenceSettingsTest {

  @Test
  void fromConfig_defaults() {
    assertThat(RemotePresenceSettings.fromConfig(ConfigFactory.load()))
        .isEqualTo(new RemotePresenceSettings(true, Duration.ofSeconds(10), 2000));
  }

  @Test
  void fromConfig_invalid_namesTheKey() {
    var zero = ConfigFactory.parseString("switchboard.s2s.presence-loss.max-per-account = 0")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> RemotePresenceSettings.fromConfig(zero))
        .hasMessageContaining("switchboard.s2s.presence-loss.max-per-account");
    var word = ConfigFactory.parseString("switchboard.s2s.presence-loss.grace = soon")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> RemotePresenceSettings.fromConfig(word))
        .hasMessageContaining("switchboard.s2s.presence-loss");
    var backwards = ConfigFactory.parseString("switchboard.s2s.presence-loss { retry-first = 10m, retry-max = 1m }")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> RemotePresenceSettings.fromConfig(backwards))
        .hasMessageContaining("switchboard.s2s.presence-loss.retry-max");
  }

  @Test
  void fromConfig_retries() {
    var c = ConfigFactory.parseString("switchboard.s2s.presence-loss { retry-first = 2s, retry-max = 8s }")
        .withFallback(ConfigFactory.load());
    assertThat(RemotePresenceSettings.fromConfig(c).retryFirst()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RemotePresenceSettings.fromConfig(c).retryMax()).isEqualTo(Duration.ofSeconds(8));
  }
}
