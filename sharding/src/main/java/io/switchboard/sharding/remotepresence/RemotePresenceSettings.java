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
 * @param retryFirst after an announced loss, how long until the cluster first tries the domain
 *     again over an outgoing stream ({@link Redial}); each later try waits twice as long
 * @param retryMax the longest wait between two tries
 */
public record RemotePresenceSettings(boolean enabled, Duration grace, int maxPerAccount, Duration retryFirst,
    Duration retryMax) {
  public static final String PATH = "switchboard.s2s.presence-loss";
  static final Duration RETRY_FIRST = Duration.ofSeconds(30);
  static final Duration RETRY_MAX = Duration.ofMinutes(5);

  public RemotePresenceSettings {
    if (grace.isNegative()) {
      throw new IllegalArgumentException(PATH + ".grace must not be negative");
    }
    if (maxPerAccount < 1) {
      throw new IllegalArgumentException(PATH + ".max-per-account must be at least 1");
    }
    if (retryFirst.isNegative() || retryFirst.isZero()) {
      throw new IllegalArgumentException(PATH + ".retry-first must be positive");
    }
    if (retryMax.compareTo(retryFirst) < 0) {
      throw new IllegalArgumentException(PATH + ".retry-max must not be shorter than retry-first");
    }
  }

  /** With the default retries (30 s, doubling up to 5 min). */
  public RemotePresenceSettings(boolean enabled, Duration grace, int maxPerAccount) {
    this(enabled, grace, maxPerAccount, RETRY_FIRST, RETRY_MAX);
  }

  public static RemotePresenceSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    try {
      return new RemotePresenceSettings(c.getBoolean("enabled"), c.getDuration("grace"), c.getInt("max-per-account"),
          c.getDuration("retry-first"), c.getDuration("retry-max"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
    }
  }
}
