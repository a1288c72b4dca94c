package io.switchboard.node.stream;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;

/** XEP-0484 settings, read once from {@code switchboard.fast}. */
public record FastSettings(boolean enabled, Duration tokenLifetime, Duration rotateBefore) {
  public static final String PATH = "switchboard.fast";

  public static FastSettings defaults() {
    return new FastSettings(true, Duration.ofDays(14), Duration.ofDays(3));
  }

  public static FastSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    Duration lifetime = duration(c, "token-lifetime");
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new InvalidSettingException(PATH + ".token-lifetime", lifetime + " is below the minimum 1 minute");
    }
    Duration rotate = duration(c, "rotate-before");
    if (rotate.isNegative() || rotate.compareTo(lifetime) >= 0) {
      throw new InvalidSettingException(PATH + ".rotate-before", "must be 0 or more and below token-lifetime");
    }
    return new FastSettings(c.getBoolean("enabled"), lifetime, rotate);
  }

  private static Duration duration(Config c, String key) {
    try {
      return c.getDuration(key);
    } catch (RuntimeException e) {
      throw new InvalidSettingException(PATH + "." + key, e.getMessage());
    }
  }
}
