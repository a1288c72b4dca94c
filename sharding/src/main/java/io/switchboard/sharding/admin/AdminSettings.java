package io.switchboard.sharding.admin;

import com.typesafe.config.Config;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * The server's administrators and the limits of their XEP-0050 command sessions, read once at
 * start-up. An invalid value stops start-up with its key named.
 *
 * @param admins {@code switchboard.admins}: bare JIDs allowed to run the XEP-0133 commands
 * @param maxSessions {@code switchboard.adhoc.max-sessions}: multi-stage sessions open on one node
 * @param maxSessionsPerAdmin {@code switchboard.adhoc.max-sessions-per-admin}: of those, per admin
 * @param sessionTimeout {@code switchboard.adhoc.session-timeout}: a session not completed within
 *     this is gone ({@code session-expired})
 * @param clusterTimeout {@code switchboard.adhoc.cluster-timeout}: how long a command waits for
 *     the cluster's nodes and entities (online users, ending sessions)
 * @param maxListed {@code switchboard.adhoc.max-listed}: the most JIDs get-online-users-list returns
 * @param motdCacheTtl {@code switchboard.adhoc.motd-cache-ttl}: how long a node serves the message
 *     of the day from memory at most (see {@code CachedMotd})
 */
public record AdminSettings(
    Set<EntityBareJid> admins,
    int maxSessions,
    int maxSessionsPerAdmin,
    Duration sessionTimeout,
    Duration clusterTimeout,
    int maxListed,
    Duration motdCacheTtl) {
  public static final String ADMINS = "switchboard.admins";
  public static final String PATH = "switchboard.adhoc";

  public AdminSettings {
    admins = Set.copyOf(admins);
    require(maxSessions >= 1, "max-sessions", "must be at least 1");
    require(maxSessionsPerAdmin >= 1 && maxSessionsPerAdmin <= maxSessions, "max-sessions-per-admin",
        "must be between 1 and max-sessions");
    require(positive(sessionTimeout), "session-timeout", "must be positive");
    require(positive(clusterTimeout), "cluster-timeout", "must be positive");
    require(maxListed >= 1, "max-listed", "must be at least 1");
    require(positive(motdCacheTtl), "motd-cache-ttl", "must be positive");
  }

  public static AdminSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    return new AdminSettings(admins(root.getString(ADMINS)), c.getInt("max-sessions"),
        c.getInt("max-sessions-per-admin"), c.getDuration("session-timeout"), c.getDuration("cluster-timeout"),
        c.getInt("max-listed"), c.getDuration("motd-cache-ttl"));
  }

  public boolean isAdmin(Jid requester) {
    return requester != null && requester.asEntityBareJidIfPossible() != null
        && admins.contains(requester.asEntityBareJidIfPossible());
  }

  /** A comma-separated list of bare JIDs; anything else fails naming {@value #ADMINS}. */
  static Set<EntityBareJid> admins(String list) {
    Set<EntityBareJid> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      String jid = part.trim();
      if (jid.isEmpty()) {
        continue;
      }
      Jid parsed = Jids.parse(jid).orElse(null);
      if (parsed == null || !parsed.isEntityBareJid()) {
        throw new IllegalArgumentException(ADMINS + ": '" + jid + "' is not a bare JID");
      }
      out.add(parsed.asEntityBareJidIfPossible());
    }
    return out;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
