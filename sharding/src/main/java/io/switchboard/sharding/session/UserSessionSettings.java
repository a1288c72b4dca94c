package io.switchboard.sharding.session;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the {@link UserSession} entity, read once from
 * {@code switchboard.sharding.user-session} (see reference.conf).
 *
 * @param passivateAfter idle time with no bound resource before the entity passivates
 * @param snapshotEvery a snapshot after this many events
 * @param keepSnapshots snapshots kept (older ones and their events are deleted)
 * @param maxResources bound resources per account; one more is refused with resource-constraint
 * @param journalPluginId journal plugin config path, "" for pekko.persistence.journal.plugin
 * @param snapshotPluginId snapshot plugin config path, "" for the default
 */
public record UserSessionSettings(
    Duration passivateAfter,
    int snapshotEvery,
    int keepSnapshots,
    int maxResources,
    String journalPluginId,
    String snapshotPluginId) {

  public static final String PATH = "switchboard.sharding.user-session";

  public UserSessionSettings {
    require(!passivateAfter.isNegative() && !passivateAfter.isZero(), "passivate-after",
        "must be positive");
    require(snapshotEvery >= 1, "snapshot-every", "must be at least 1");
    require(keepSnapshots >= 1, "keep-snapshots", "must be at least 1");
    require(maxResources >= 1, "max-resources", "must be at least 1");
  }

  /** Reads {@value #PATH} from a config that includes this module's reference.conf. */
  public static UserSessionSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    return new UserSessionSettings(
        c.getDuration("passivate-after"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getInt("max-resources"),
        c.getString("journal-plugin-id"),
        c.getString("snapshot-plugin-id"));
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
