package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.config.NodeSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptchaSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_defaults_offWithFiveMinutes() {
    RegistrationSettings s = RegistrationSettings.fromConfig(ConfigFactory.defaultReference(),
        NodeSettings.Registration.OPEN);
    assertThat(s.captcha()).isEqualTo(new CaptchaSettings(CaptchaSettings.Type.OFF, Duration.ofMinutes(5)));
    assertThat(s.captcha().enabled()).isFalse();
  }

  @Test
  void fromConfig_qa_enabled() {
    CaptchaSettings s = CaptchaSettings.fromConfig(with("switchboard.registration-captcha { type = QA, ttl = 90s }"));
    assertThat(s).isEqualTo(new CaptchaSettings(CaptchaSettings.Type.QA, Duration.ofSeconds(90)));
    assertThat(s.enabled()).isTrue();
  }

  @Test
  void fromConfig_unknownType_failsNamingTheKey() {
    assertThatThrownBy(() -> CaptchaSettings.fromConfig(with("switchboard.registration-captcha.type = image")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("switchboard.registration-captcha.type: 'image' is not off or qa");
  }

  @Test
  void fromConfig_zeroTtl_failsNamingTheKey() {
    assertThatThrownBy(() -> CaptchaSettings.fromConfig(with("switchboard.registration-captcha.ttl = 0s")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.registration-captcha.ttl:");
  }
}
