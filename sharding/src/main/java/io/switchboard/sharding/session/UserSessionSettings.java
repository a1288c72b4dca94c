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
 * @param reattachGrace after a restart, how long resources recorded online may take to re-attach
 *     before contacts are told they are gone
 * @param rememberEntities whether sharding restarts entities (with resources) after a crash
 */
public record UserSessionSettings(
    Duration passivateAfter,
    int snapshotEvery,
    int keepSnapshots,
    int maxResources,
    String journalPluginId,
    String snapshotPluginId,
    Duration reattachGrace,
    boolean rememberEntities) {

  public static final String PATH = "switchboard.sharding.user-session";

  public UserSessionSettings {
    require(!passivateAfter.isNegative() && !passivateAfter.isZero(), "passivate-after",
        "must be positive");
    require(snapshotEvery >= 1, "snapshot-every", "must be at least 1");
    require(keepSnapshots >= 1, "keep-snapshots", "must be at least 1");
    require(maxResources >= 1, "max-resources", "must be at least 1");
    require(!reattachGrace.isNegative() && !reattachGrace.isZero(), "reattach-grace",
        "must be positive");
  }

  /** Settings with a 10 s re-attach grace and entities not remembered (single-class tests). */
  public UserSessionSettings(
      Duration passivateAfter, int snapshotEvery, int keepSnapshots, int maxResources,
      String journalPluginId, String snapshotPluginId) {
    this(passivateAfter, snapshotEvery, keepSnapshots, maxResources, journalPluginId,
        snapshotPluginId, Duration.ofSeconds(10), false);
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
        c.getString("snapshot-plugin-id"),
        c.getDuration("reattach-grace"),
        c.getBoolean("remember-entities"));
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
