package io.switchboard.sharding.remotepresence;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code switchboard.s2s.presence-loss} (this module's reference.conf).
 *
 * @param enabled generate unavailable presence for a lost domain's contacts
 * @param grace how long a lost domain has to come back (a new incoming stream on any node) before
 *     its contacts are announced unavailable
 * @param maxPerAccount remote full JIDs one account remembers as available (beyond it, the
 *     oldest are forgotten: they get no generated unavailable)
 */
public record RemotePresenceSettings(boolean enabled, Duration grace, int maxPerAccount) {
  public static final String PATH = "switchboard.s2s.presence-loss";

  public RemotePresenceSettings {
    if (grace.isNegative()) {
      throw new IllegalArgumentException(PATH + ".grace must not be negative");
    }
    if (maxPerAccount < 1) {
      throw new IllegalArgumentException(PATH + ".max-per-account must be at least 1");
    }
  }

  public static RemotePresenceSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    try {
      return new RemotePresenceSettings(c.getBoolean("enabled"), c.getDuration("grace"), c.getInt("max-per-account"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
    }
  }
}
