package io.switchboard.node.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsiSettingsTest {
  @Test
  void defaults_fromReferenceConf() {
    assertThat(CsiSettings.fromConfig(ConfigFactory.defaultReference().resolve())).isEqualTo(CsiSettings.defaults());
  }

  @Test
  void invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> CsiSettings.fromConfig(ConfigFactory.parseMap(Map.of("switchboard.csi.presence", "later"))
        .withFallback(ConfigFactory.defaultReference()).resolve()))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.csi.presence");
    assertThatThrownBy(() -> CsiSettings.fromConfig(ConfigFactory.parseMap(Map.of("switchboard.csi.max-queued", 0))
        .withFallback(ConfigFactory.defaultReference()).resolve()))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.csi.max-queued");
  }

  @Test
  void disabled_noStreamExtension() {
    CsiSettings off = CsiSettings.fromConfig(ConfigFactory.parseMap(Map.of("switchboard.csi.enabled", false))
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertThat(ClientStateIndication.of(off)).isEmpty();
    assertThat(ClientStateIndication.of(CsiSettings.defaults())).hasSize(1);
  }
}
