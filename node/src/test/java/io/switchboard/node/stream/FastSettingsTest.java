package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FastSettingsTest {

  private static Config with(Map<String, Object> values) {
    return ConfigFactory.parseMap(values).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_reference_defaults() {
    assertThat(FastSettings.fromConfig(ConfigFactory.defaultReference().resolve())).isEqualTo(FastSettings.defaults());
  }

  @Test
  void fromConfig_invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> FastSettings.fromConfig(with(Map.of("switchboard.fast.token-lifetime", "30s"))))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.fast.token-lifetime");
    assertThatThrownBy(() -> FastSettings.fromConfig(with(Map.of("switchboard.fast.token-lifetime", "soon"))))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.fast.token-lifetime");
    assertThatThrownBy(() -> FastSettings.fromConfig(with(Map.of("switchboard.fast.rotate-before", "14d"))))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.fast.rotate-before");
  }

  @Test
  void disabled_noMechanismOffered() {
    FastSettings off = FastSettings.fromConfig(with(Map.of("switchboard.fast.enabled", false)));
    assertThat(new FastTokens(new InMemoryFastTokenStore(), off, java.time.Clock.systemUTC()).mechanisms()).isEmpty();
    assertThat(FastTokens.DISABLED.mechanisms()).isEmpty();
    assertThat(new FastTokens(new InMemoryFastTokenStore(), FastSettings.defaults(), java.time.Clock.systemUTC())
        .mechanisms()).containsExactly("HT-SHA-256-NONE");
    assertThat(FastSettings.defaults().tokenLifetime()).isEqualTo(Duration.ofDays(14));
  }
}
