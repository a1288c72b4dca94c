package io.switchboard.sharding.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** switchboard.feeds from reference.conf, and invalid values naming their key. */
class FeedSettingsTest {

  private static FeedSettings with(Map<String, Object> overrides) {
    return FeedSettings.fromConfig(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void fromConfig_defaults_asDocumented() {
    FeedSettings s = with(Map.of());
    assertThat(s.defaultInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.minInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.websubEnabled()).isFalse();
    assertThat(s.rememberEntities()).isTrue();
  }

  @Test
  void fromConfig_callbackBaseUrl_trailingSlashDropped_websubOn() {
    FeedSettings s = with(Map.of("switchboard.feeds.callback-base-url", "https://xmpp.example.com/"));
    assertThat(s.callbackBaseUrl()).isEqualTo("https://xmpp.example.com");
    assertThat(s.websubEnabled()).isTrue();
  }

  @Test
  void fromConfig_invalid_namesTheKey() {
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.callback-base-url", "xmpp.example.com")))
        .hasMessageContaining("switchboard.feeds.callback-base-url");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.min-interval", "0s")))
        .hasMessageContaining("switchboard.feeds.min-interval");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.default-interval", "10s")))
        .hasMessageContaining("switchboard.feeds.default-interval");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.max-entries-per-fetch", 0)))
        .hasMessageContaining("switchboard.feeds.max-entries-per-fetch");
    assertThatThrownBy(() -> with(Map.of("switchboard.feeds.websub.renew-before", "30 days")))
        .hasMessageContaining("switchboard.feeds.websub.renew-before");
  }

  @Test
  void feedKeys_normaliseAndEncode() {
    assertThat(FeedKeys.normalise("HTTP://Example.COM:80/a/b?x=1#frag")).contains("http://example.com/a/b?x=1");
    assertThat(FeedKeys.normalise("https://example.com")).contains("https://example.com/");
    assertThat(FeedKeys.normalise("https://user:pw@example.com/")).isEmpty();
    assertThat(FeedKeys.normalise("javascript:alert(1)")).isEmpty();
    assertThat(FeedKeys.normalise("/relative")).isEmpty();
    String url = "https://example.com/feed?a=b&c=d";
    assertThat(FeedKeys.decode(FeedKeys.encode(url))).contains(url);
    assertThat(FeedKeys.decode("not base64!")).isEmpty();
    assertThat(FeedKeys.decode(FeedKeys.encode("HTTPS://EXAMPLE.com/x"))).as("only normalised ids").isEmpty();
  }
}
