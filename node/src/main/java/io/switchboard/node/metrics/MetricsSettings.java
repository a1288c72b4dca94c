package io.switchboard.node.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.node.config.InvalidSettingException;

/**
 * {@code switchboard.metrics}: whether the node counts and serves {@code /metrics} on the
 * management port.
 *
 * @param enabled on by default; off: every counting point gets a no-op and no route is served
 */
public record MetricsSettings(boolean enabled) {

  public static MetricsSettings fromConfig(Config root) {
    try {
      return new MetricsSettings(root.getBoolean("switchboard.metrics.enabled"));
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException("switchboard.metrics.enabled",
          "'" + root.getValue("switchboard.metrics.enabled").unwrapped() + "' is not true or false");
    }
  }
}
