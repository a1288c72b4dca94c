package io.switchboard.sharding.mam;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * XEP-0313 settings, read once from {@code switchboard.mam} (see reference.conf).
 *
 * @param enabled whether accounts have archives at all (off: no module, nothing announced)
 * @param defaultPreference what an account that set no XEP-0441 preferences archives
 * @param retention how long a message stays archived; zero keeps it for good
 * @param defaultPageSize results of a query that names no page size
 * @param maxPageSize the most results one query returns (a larger {@code max} is cut to it)
 */
public record MamSettings(
    boolean enabled, MamPreferences.Default defaultPreference, Duration retention, int defaultPageSize,
    int maxPageSize) {

  public static final String PATH = "switchboard.mam";

  public MamSettings {
    require(defaultPreference != null, "default", "must be always, roster or never");
    require(retention != null && !retention.isNegative(), "retention", "must not be negative");
    require(retention.getSeconds() <= Integer.MAX_VALUE, "retention", "is longer than Cassandra's TTL allows");
    require(retention.isZero() || retention.getSeconds() >= 1, "retention", "must be 0 or at least 1 s");
    require(maxPageSize >= 1, "max-page-size", "must be at least 1");
    require(defaultPageSize >= 1 && defaultPageSize <= maxPageSize, "default-page-size",
        "must be between 1 and max-page-size");
  }

  /** Defaults for tests: on, always archive, kept for good, pages of 50 up to 250. */
  public static MamSettings defaults() {
    return new MamSettings(true, MamPreferences.Default.ALWAYS, Duration.ZERO, 50, 250);
  }

  public static MamSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    try {
      return new MamSettings(
          c.getBoolean("enabled"),
          MamPreferences.Default.fromWireName(c.getString("default").trim()).orElse(null),
          c.getDuration("retention"),
          c.getInt("default-page-size"),
          c.getInt("max-page-size"));
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
    }
  }

  /** The retention as a Cassandra TTL in seconds (0: none). */
  public int retentionSeconds() {
    return (int) retention.getSeconds();
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
