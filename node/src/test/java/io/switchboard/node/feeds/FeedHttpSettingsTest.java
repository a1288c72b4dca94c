package io.switchboard.node.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** switchboard.feeds.http from the node's reference.conf; invalid values name their key. */
class FeedHttpSettingsTest {

  private static FeedHttpSettings with(Map<String, Object> overrides) {
    return FeedHttpSettings.fromConfig(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void fromConfig_defaults_secure() {
    FeedHttpSettings s = with(Map.of());
    assertThat(s.maxBodyBytes()).isEqualTo(5 * 1024 * 1024);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.maxRedirects()).isEqualTo(5);
    assertThat(s.allowPrivateAddresses()).isFalse();
  }

  @Test
  void fromConfig_invalid_namesTheKey() {
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.http.max-body-bytes", "100 MiB")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.feeds.http.max-body-bytes");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.http.timeout", "0s")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.feeds.http.timeout");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.http.max-redirects", 50)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.feeds.http.max-redirects");
  }
}
