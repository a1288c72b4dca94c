package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.component.ProposedConfig;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {
  private static ApiSettings read(String hocon) {
    return ApiSettings.fromConfig(ProposedConfig.with(ConfigFactory.parseString(hocon)), Jids.domain("example.com"));
  }

  @Test
  void fromConfig_defaults_senderIsTheDomain() {
    ApiSettings s = read("");
    assertThat(s.enabled()).isTrue();
    assertThat(s.sender().toString()).isEqualTo("example.com");
    assertThat(s.maxBodyBytes()).isEqualTo(65_536);
    assertThat(s.ratePerSecond()).isEqualTo(20.0);
    assertThat(s.burst()).isEqualTo(40);
    assertThat(s.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fromConfig_sender_parsed() {
    assertThat(read("switchboard.api.sender = \"notify@example.com\"").sender().toString())
        .isEqualTo("notify@example.com");
  }

  @Test
  void fromConfig_invalidValues_nameTheKey() {
    assertThatThrownBy(() -> read("switchboard.api.max-body-bytes = 10"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.api.max-body-bytes");
    assertThatThrownBy(() -> read("switchboard.api.rate-per-second = 0"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("rate-per-second");
    assertThatThrownBy(() -> read("switchboard.api.burst = 0"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("burst");
    assertThatThrownBy(() -> read("switchboard.api.sender = \"a@b@c\""))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("sender");
    assertThatThrownBy(() -> read("switchboard.api.token-cache-ttl = -1s"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("token-cache-ttl");
  }
}
