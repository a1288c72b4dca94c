package io.switchboard.node.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;

/**
 * {@code switchboard.metrics}: whether the node counts and serves {@code /metrics} on the
 * management port.
 *
 * @param enabled on by default; off: every counting point gets a no-op and no route is served
 * @param entitiesEvery how often the sharding gauges ask the local shard region (not per scrape)
 */
public record MetricsSettings(boolean enabled, Duration entitiesEvery) {

  public static MetricsSettings fromConfig(Config root) {
    boolean enabled;
    try {
      enabled = root.getBoolean("switchboard.metrics.enabled");
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException("switchboard.metrics.enabled",
          "'" + root.getValue("switchboard.metrics.enabled").unwrapped() + "' is not true or false");
    }
    Duration every;
    try {
      every = root.getDuration("switchboard.metrics.entities-every");
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new InvalidSettingException("switchboard.metrics.entities-every", "not a duration");
    }
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidSettingException("switchboard.metrics.entities-every", "shorter than 1 s");
    }
    return new MetricsSettings(enabled, every);
  }
}
