package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PubSubSettingsTest {
  @Test
  void fromConfig_referenceDefaults() {
    PubSubSettings s = PubSubSettings.fromConfig(ConfigFactory.load());
    assertThat(s.creationPolicy()).isEqualTo(PubSubSettings.CreationPolicy.LOCAL_USERS);
    assertThat(s.maxItemsLimit()).isEqualTo(1000);
    assertThat(s.defaultMaxItems()).isEqualTo(10);
    assertThat(s.askTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.itemCache()).isEqualTo(PubSubSettings.DEFAULT_ITEM_CACHE).isEqualTo(8);
  }

  @Test
  void fromConfig_itemCacheBelowOne_failsNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.pubsub.item-cache = 0")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> PubSubSettings.fromConfig(config))
        .hasMessageContaining("switchboard.pubsub.item-cache");
  }

  @Test
  void fromConfig_invalidPolicy_failsNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.pubsub.creation-policy = everyone")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> PubSubSettings.fromConfig(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.pubsub.creation-policy");
  }

  @Test
  void fromConfig_defaultAboveLimit_failsNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.pubsub.default-max-items = 5000")
        .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> PubSubSettings.fromConfig(config))
        .hasMessageContaining("switchboard.pubsub.default-max-items");
  }

  @Test
  void admins_commaSeparatedBareJids_badOneNamed() {
    assertThat(PubSubSettings.admins(ConfigFactory.load())).isEmpty();
    var config = ConfigFactory.parseString("switchboard.pubsub.admins = \"ops@example.org, feeds@example.org \"")
        .withFallback(ConfigFactory.load());
    assertThat(PubSubSettings.admins(config)).containsExactlyInAnyOrder("ops@example.org", "feeds@example.org");
    var bad = ConfigFactory.parseString("switchboard.pubsub.admins = \"ops@example.org/phone\"")
        .withFallback(ConfigFactory.load());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PubSubSettings.admins(bad))
        .hasMessageContaining("switchboard.pubsub.admins");
  }
}
