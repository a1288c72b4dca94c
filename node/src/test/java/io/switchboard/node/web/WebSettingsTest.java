package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSettingsTest {
  private static WebSettings with(Map<String, Object> overrides) {
    Config c = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    return WebSettings.fromConfig(c);
  }

  @Test
  void fromConfig_defaults_bothTransportsNoTlsNoTrustedFront() {
    WebSettings s = with(Map.of());
    assertThat(s.websocketEnabled()).isTrue();
    assertThat(s.boshEnabled()).isTrue();
    assertThat(s.tls()).isFalse();
    assertThat(s.front()).isEqualTo(WebSettings.Front.NONE);
    assertThat(s.allowedOrigins()).isEmpty();
    assertThat(s.bosh().maxWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.bosh().maxHold()).isEqualTo(1);
    assertThat(s.backlog()).isEqualTo(1024);
  }

  @Test
  void fromConfig_backlog_readAndBounded() {
    assertThat(with(Map.of("switchboard.web.backlog", 4096)).backlog()).isEqualTo(4096);
    assertThatThrownBy(() -> with(Map.of("switchboard.web.backlog", 0)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.web.backlog");
  }

  @Test
  void fromConfig_invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> with(Map.of("switchboard.web.front", "sometimes")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.web.front");
    assertThatThrownBy(() -> with(Map.of("switchboard.web.allowed-origins", "example.com")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.web.allowed-origins");
    assertThatThrownBy(() -> with(Map.of("switchboard.web.bosh.max-body-bytes", 1_000_000)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.web.bosh.max-body-bytes");
    assertThatThrownBy(() -> with(Map.of("switchboard.web.bosh.max-wait", "0s")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.web.bosh.max-wait");
    assertThatThrownBy(() -> with(Map.of("switchboard.web.websocket.see-other-uri", "http://x")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("see-other-uri");
  }

  @Test
  void fromConfig_listsAndUrls_read() {
    WebSettings s = with(Map.of("switchboard.web.allowed-origins", "https://a.example, https://b.example:8443",
        "switchboard.web.front", "forwarded", "switchboard.web.public-url", "https://chat.example.com"));
    assertThat(s.allowedOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(s.front()).isEqualTo(WebSettings.Front.FORWARDED);
    assertThat(s.publicUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("chat.example.com"));
  }
}
