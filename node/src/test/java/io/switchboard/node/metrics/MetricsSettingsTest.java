package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

  @Test
  void fromConfig_default_enabled() {
    assertThat(MetricsSettings.fromConfig(ConfigFactory.defaultReference()).enabled()).isTrue();
  }

  @Test
  void fromConfig_notABoolean_failsNamingTheKey() {
    assertThatThrownBy(() -> MetricsSettings.fromConfig(
        ConfigFactory.parseString("switchboard.metrics.enabled = sometimes").withFallback(ConfigFactory.defaultReference())))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.metrics.enabled");
  }

  @Test
  void fromConfig_entitiesEveryBelowOneSecond_failsNamingTheKey() {
    assertThatThrownBy(() -> MetricsSettings.fromConfig(ConfigFactory.parseString("switchboard.metrics.entities-every = 100ms")
        .withFallback(ConfigFactory.defaultReference())))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.metrics.entities-every");
  }

  @Test
  void create_disabled_nothingToScrapeAndNoOps() {
    try (NodeMetrics metrics = NodeMetrics.create(new MetricsSettings(false, java.time.Duration.ofSeconds(15)))) {
      assertThat(metrics.scrape()).isEmpty();
      assertThat(MetricsRoute.of(metrics)).isEmpty();
      assertThat(metrics.streams()).isSameAs(io.switchboard.node.stream.StreamMetrics.NONE);
    }
  }

  @Test
  void create_enabled_scrapesJvmAndOwnMeters() {
    try (NodeMetrics metrics = NodeMetrics.create(new MetricsSettings(true, java.time.Duration.ofSeconds(15)))) {
      metrics.streams().loginSucceeded("PLAIN");
      String text = metrics.scrape().orElseThrow();
      assertThat(text).contains("switchboard_logins_total{mechanism=\"PLAIN\"} 1.0");
      assertThat(text).contains("jvm_memory_used_bytes");
      assertThat(Samples.value(text, "switchboard_client_streams", java.util.Map.of("transport", "tcp"))).hasValue(0.0);
    }
  }
}
