package io.switchboard.sharding.push;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * XEP-0357 settings, read once from {@code switchboard.push} (see reference.conf).
 *
 * @param enabled whether accounts may enable push notifications (off: no module, nothing announced)
 * @param allowBody whether a notification may carry the message body at all (it does only for a
 *     registration whose client asked for it)
 * @param includeSender whether notifications name the last message's sender
 * @param maxRegistrations the most registrations one account may have
 */
public record PushSettings(boolean enabled, boolean allowBody, boolean includeSender, int maxRegistrations) {
  public static final String PATH = "switchboard.push";

  public PushSettings {
    if (maxRegistrations < 1) {
      throw new IllegalArgumentException(PATH + ".max-registrations must be at least 1");
    }
  }

  public static PushSettings defaults() {
    return new PushSettings(true, true, true, 20);
  }

  public static PushSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    try {
      return new PushSettings(c.getBoolean("enabled"), c.getBoolean("allow-body"), c.getBoolean("include-sender"),
          c.getInt("max-registrations"));
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new IllegalArgumentException(PATH + ": " + e.getMessage(), e);
    }
  }
}
