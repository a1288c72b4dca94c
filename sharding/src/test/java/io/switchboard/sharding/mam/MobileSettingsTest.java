package io.switchboard.sharding.mam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.sharding.push.PushSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code switchboard.mam} and {@code switchboard.push}: the defaults, and a bad value named. */
class MobileSettingsTest {
  private static Config with(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaults_fromReferenceConf() {
    MamSettings mam = MamSettings.fromConfig(ConfigFactory.defaultReference().resolve());
    assertThat(mam).isEqualTo(new MamSettings(true, MamPreferences.Default.ALWAYS, Duration.ZERO, 50, 250));
    PushSettings push = PushSettings.fromConfig(ConfigFactory.defaultReference().resolve());
    assertThat(push).isEqualTo(new PushSettings(true, false, true, 20));
  }

  @Test
  void retention_asTtlSeconds() {
    assertThat(MamSettings.fromConfig(with(Map.of("switchboard.mam.retention", "365d"))).retentionSeconds())
        .isEqualTo(365 * 86_400);
  }

  @Test
  void invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> MamSettings.fromConfig(with(Map.of("switchboard.mam.default", "sometimes"))))
        .hasMessageContaining("switchboard.mam.default");
    assertThatThrownBy(() -> MamSettings.fromConfig(with(Map.of("switchboard.mam.retention", "-1d"))))
        .hasMessageContaining("switchboard.mam.retention");
    assertThatThrownBy(() -> MamSettings.fromConfig(with(Map.of("switchboard.mam.default-page-size", 1000))))
        .hasMessageContaining("switchboard.mam.default-page-size");
    assertThatThrownBy(() -> MamSettings.fromConfig(with(Map.of("switchboard.mam.enabled", "perhaps"))))
        .hasMessageContaining("switchboard.mam");
    assertThatThrownBy(() -> PushSettings.fromConfig(with(Map.of("switchboard.push.max-registrations", 0))))
        .hasMessageContaining("switchboard.push.max-registrations");
  }
}
