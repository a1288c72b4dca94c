package io.switchboard.sharding.extdisco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExternalServicesSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_defaults_noServices() {
    assertThat(ExternalServicesSettings.fromConfig(ConfigFactory.defaultReference().resolve()).enabled()).isFalse();
  }

  @Test
  void fromConfig_listAndEnvironment_secretOnTurnOnly() {
    ExternalServicesSettings s = ExternalServicesSettings.fromConfig(with("""
        switchboard.extdisco {
          services = [{ type = "turn", host = "t.example.org", port = 3478, username = "u", password = "p" }]
          services-env = "stun:s.example.org:3478, turns:t.example.org:5349:tcp"
          secret = "shared"
          credential-ttl = 2h
        }"""));

    assertThat(s.services()).hasSize(3);
    assertThat(s.services().get(0).username()).isEqualTo("u");
    assertThat(s.services().get(1).secret()).isEmpty();
    assertThat(s.services().get(2).secret()).isEqualTo("shared");
    assertThat(s.services().get(2).transport()).isEqualTo("tcp");
    assertThat(s.services().get(2).credentialTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(s.services().get(2).toString()).doesNotContain("shared");
  }

  @Test
  void fromConfig_invalid_namesTheKey() {
    assertThatThrownBy(() -> ExternalServicesSettings.fromConfig(with(
        "switchboard.extdisco.services = [{ type = \"http\", host = \"x\" }]")))
        .hasMessageContaining("switchboard.extdisco.services[0]");
    assertThatThrownBy(() -> ExternalServicesSettings.fromConfig(with(
        "switchboard.extdisco.services = [{ type = \"turn\", host = \"x\", username = \"u\" }]")))
        .hasMessageContaining("switchboard.extdisco.services[0]").hasMessageContaining("password");
    assertThatThrownBy(() -> ExternalServicesSettings.fromConfig(with(
        "switchboard.extdisco.services-env = \"stun:host:notaport\"")))
        .hasMessageContaining("switchboard.extdisco.services-env");
    assertThatThrownBy(() -> ExternalServicesSettings.fromConfig(with(
        "switchboard.extdisco.services-env = \"stun\"")))
        .hasMessageContaining("switchboard.extdisco.services-env");
  }
}
