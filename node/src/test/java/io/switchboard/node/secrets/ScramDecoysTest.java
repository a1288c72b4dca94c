package io.switchboard.node.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScramDecoysTest {
  @TempDir Path dir;

  private Config config(Map<String, Object> extra) {
    return ConfigFactory.parseMap(extra).withFallback(ConfigFactory.parseMap(Map.of(
        "switchboard.data-dir", dir.toString(), "switchboard.secrets-dir", "", "switchboard.sasl.decoy-secret", "")));
  }

  @Test
  void fromConfig_configuredSecret_sameDecoyEverywhere_nothingWritten() {
    Config c = config(Map.of("switchboard.sasl.decoy-secret", "0123456789abcdef-cluster"));

    assertThat(ScramDecoys.fromConfig(c)).isEqualTo(ScramDecoys.fromConfig(c));
    assertThat(Files.exists(dir.resolve("secrets"))).isFalse();
  }

  @Test
  void fromConfig_shortSecret_namesTheSetting() {
    assertThatThrownBy(() -> ScramDecoys.fromConfig(config(Map.of("switchboard.sasl.decoy-secret", "short"))))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.sasl.decoy-secret");
  }

  @Test
  void fromConfig_devMode_generatedOnceAndReused() throws Exception {
    var first = ScramDecoys.fromConfig(config(Map.of()));
    var again = ScramDecoys.fromConfig(config(Map.of()));

    assertThat(again).isEqualTo(first);
    assertThat(Files.readString(dir.resolve("secrets").resolve(ScramDecoys.FILE)).trim()).hasSizeGreaterThan(40);
  }
}
