package io.switchboard.sharding.s2s;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the outgoing queues ({@code switchboard.s2s.queue}, this module's reference.conf).
 *
 * @param maxQueued stanzas waiting for one remote domain; more are answered at once with
 *     {@code remote-server-timeout}
 * @param timeout a stanza that waited this long without a stream is answered with
 *     {@code remote-server-timeout}
 * @param reconnectMin first reconnect delay after a failure; it doubles per failure ...
 * @param reconnectMax ... up to this
 * @param sentFlush written stanzas are recorded as sent (removed from the journal's queue) this
 *     often; a crash in between sends them again (a duplicate, never a loss)
 * @param idlePassivation an entity with nothing queued and no stream stops after this
 */
public record RemoteDomainSettings(
    int maxQueued,
    Duration timeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration sentFlush,
    Duration idlePassivation,
    int snapshotEvery,
    int keepSnapshots,
    boolean rememberEntities,
    String journalPluginId,
    String snapshotPluginId) {

  public static final String PATH = "switchboard.s2s.queue";

  public RemoteDomainSettings {
    if (maxQueued < 1) {
      throw new IllegalArgumentException(PATH + ".max-queued must be at least 1");
    }
    for (Duration d : new Duration[] {timeout, reconnectMin, reconnectMax, sentFlush, idlePassivation}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(PATH + ": durations must be positive");
      }
    }
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException(PATH + ".reconnect-max must not be shorter than reconnect-min");
    }
  }

  public static RemoteDomainSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    return new RemoteDomainSettings(c.getInt("max-queued"), c.getDuration("timeout"),
        c.getDuration("reconnect-min"), c.getDuration("reconnect-max"), c.getDuration("sent-flush"),
        c.getDuration("idle-passivation"), c.getInt("snapshot-every"), c.getInt("keep-snapshots"),
        c.getBoolean("remember-entities"), c.getString("journal-plugin-id"), c.getString("snapshot-plugin-id"));
  }

  /** The delay before reconnect attempt {@code failures} (1 = after the first failure). */
  public Duration backoff(int failures) {
    long ms = reconnectMin.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return Duration.ofMillis(Math.min(ms, reconnectMax.toMillis()));
  }
}
