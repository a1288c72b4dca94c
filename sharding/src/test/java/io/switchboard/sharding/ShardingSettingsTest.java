package io.switchboard.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShardingSettingsTest {

  @Test
  void fromConfig_referenceDefaults() {
    ShardingSettings s = ShardingSettings.fromConfig(ConfigFactory.load());
    assertThat(s.numberOfShards()).isEqualTo(100);
    assertThat(s.userSession().passivateAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.userSession().snapshotEvery()).isEqualTo(100);
    assertThat(s.userSession().journalPluginId()).isEmpty();
  }

  @Test
  void fromConfig_invalidValue_namesTheKey() {
    var bad = ConfigFactory.parseString("switchboard.sharding.user-session.snapshot-every = 0")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> ShardingSettings.fromConfig(bad))
        .hasMessageContaining("switchboard.sharding.user-session.snapshot-every");
  }
}
