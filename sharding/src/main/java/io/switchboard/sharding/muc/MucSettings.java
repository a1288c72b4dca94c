package io.switchboard.sharding.muc;

import com.typesafe.config.Config;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * Settings of the multi-user chat service and its {@link MucRoom} entities, read once from
 * {@code switchboard.muc} (see reference.conf); an invalid value stops start-up naming its key.
 *
 * @param enabled whether the node runs the service at all
 * @param subdomain the service is at {@code <subdomain>.<domain>}
 * @param name the service's name in disco (the server's items, its own identity)
 * @param creationPolicy who may create rooms
 * @param admins service administrators (bare JIDs): owners of every room, exempt from limits
 * @param maxRoomsPerUser rooms one user may have created that still exist (0: no limit)
 * @param defaultMaxOccupants {@code muc#roomconfig_maxusers} of a new room
 * @param maxOccupantsLimit the most any room may hold (owners and admins included)
 * @param historySize messages of history a room keeps at hand (and the most it sends on join)
 * @param defaultHistory messages sent on join when the client asks nothing
 * @param maxSubjectLength characters of a subject; longer is refused with policy-violation
 * @param maxNickBytes UTF-8 octets of a nickname; longer is refused with jid-malformed
 * @param maxRoomNameBytes UTF-8 octets of a new room's name; longer is refused with jid-malformed
 * @param messageRate groupchat messages per second one occupant may send (sustained)
 * @param messageBurst and in a burst; beyond, resource-constraint (type wait)
 * @param defaultPublic whether a new room is listed
 * @param defaultPersistent whether a new room outlives its last occupant
 * @param passivateAfter a room without occupants and messages for this long passivates
 * @param askTimeout how long the service waits for a room's answer
 * @param verifyDelay after a cluster member left (or the room restarted), how long the room waits
 *     before it checks that each occupant's session is still there
 * @param deliveryAckTimeout a groupchat message is acknowledged to its sender once every node
 *     holding occupants confirmed it, or after this, whichever comes first
 * @param relaysPerNode relay actors per node (a room always uses the same one on a node)
 * @param relayBatch stanzas a relay routes before it yields to its mailbox
 * @param maxPendingDeliveries deliveries a room keeps for re-sending if a node leaves
 * @param maxBacklog stanzas a room holds untaken while it writes its journal or loads its history
 *     (Pekko stashes them meanwhile); beyond, a stanza is refused with resource-constraint (type
 *     wait) instead of overflowing the stash ({@link RoomAdmission}). At most half of
 *     {@code pekko.persistence.typed.stash-capacity}.
 * @param directoryPageSize public rooms listed in one disco#items answer without RSM
 * @param snapshotEvery a snapshot after this many events
 * @param keepSnapshots snapshots kept
 * @param rememberEntities rooms with occupants restart at once on a survivor after a crash
 */
public record MucSettings(
    boolean enabled,
    String subdomain,
    String name,
    CreationPolicy creationPolicy,
    Set<String> admins,
    int maxRoomsPerUser,
    int defaultMaxOccupants,
    int maxOccupantsLimit,
    int historySize,
    int defaultHistory,
    int maxSubjectLength,
    int maxNickBytes,
    int maxRoomNameBytes,
    double messageRate,
    int messageBurst,
    boolean defaultPublic,
    boolean defaultPersistent,
    Duration passivateAfter,
    Duration askTimeout,
    Duration verifyDelay,
    Duration deliveryAckTimeout,
    int relaysPerNode,
    int relayBatch,
    int maxPendingDeliveries,
    int maxBacklog,
    int directoryPageSize,
    int snapshotEvery,
    int keepSnapshots,
    boolean rememberEntities,
    String journalPluginId,
    String snapshotPluginId) {

  public static final String PATH = "switchboard.muc";

  /** Who may create rooms. */
  public enum CreationPolicy {
    /** Any authenticated entity. */
    OPEN,
    /** Accounts of the server's own domain. */
    LOCAL_USERS,
    /** Only the service administrators. */
    ADMINS
  }

  public MucSettings {
    admins = Set.copyOf(admins);
    require(subdomain != null && !subdomain.isBlank() && Jids.parse(subdomain + ".example").isPresent(),
        "subdomain", "must be a domain label");
    require(creationPolicy != null, "creation-policy", "must be open, local-users or admins");
    require(maxRoomsPerUser >= 0, "max-rooms-per-user", "must be 0 (no limit) or more");
    require(maxOccupantsLimit >= 2, "max-occupants-limit", "must be at least 2");
    require(defaultMaxOccupants >= 1 && defaultMaxOccupants <= maxOccupantsLimit, "default-max-occupants",
        "must be between 1 and max-occupants-limit");
    require(historySize >= 0 && historySize <= 1000, "history-size", "must be between 0 and 1000");
    require(defaultHistory >= 0 && defaultHistory <= historySize, "default-history",
        "must be between 0 and history-size");
    require(maxSubjectLength >= 1, "max-subject-length", "must be at least 1");
    require(maxNickBytes >= 1 && maxNickBytes <= 1023, "max-nick-bytes", "must be between 1 and 1023");
    require(maxRoomNameBytes >= 1 && maxRoomNameBytes <= 1023, "max-room-name-bytes",
        "must be between 1 and 1023");
    require(messageRate > 0, "message-rate", "must be positive");
    require(messageBurst >= 1, "message-burst", "must be at least 1");
    require(positive(passivateAfter), "passivate-after", "must be positive");
    require(positive(askTimeout), "ask-timeout", "must be positive");
    require(positive(verifyDelay), "verify-delay", "must be positive");
    require(positive(deliveryAckTimeout), "delivery-ack-timeout", "must be positive");
    require(relaysPerNode >= 1 && relaysPerNode <= 64, "relays-per-node", "must be between 1 and 64");
    require(relayBatch >= 1, "relay-batch", "must be at least 1");
    require(maxPendingDeliveries >= 1, "max-pending-deliveries", "must be at least 1");
    require(maxBacklog >= 1, "max-backlog", "must be at least 1");
    require(directoryPageSize >= 1, "directory-page-size", "must be at least 1");
    require(snapshotEvery >= 1, "snapshot-every", "must be at least 1");
    require(keepSnapshots >= 1, "keep-snapshots", "must be at least 1");
  }

  /** Defaults for tests (those of reference.conf). */
  public static MucSettings defaults() {
    return new MucSettings(true, "conference", "Chatrooms", CreationPolicy.LOCAL_USERS, Set.of(), 100,
        200, 5000, 50, 20, 1024, 128, 256, 10, 30, true, false, Duration.ofMinutes(2),
        Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1), 2, 500, 10_000, 1000, 500,
        200, 2, true, "", "");
  }

  public MucSettings withAdmins(Set<String> newAdmins) {
    return new MucSettings(enabled, subdomain, name, creationPolicy, newAdmins, maxRoomsPerUser,
        defaultMaxOccupants, maxOccupantsLimit, historySize, defaultHistory, maxSubjectLength,
        maxNickBytes, maxRoomNameBytes, messageRate, messageBurst, defaultPublic, defaultPersistent,
        passivateAfter, askTimeout, verifyDelay, deliveryAckTimeout, relaysPerNode, relayBatch,
        maxPendingDeliveries, maxBacklog, directoryPageSize, snapshotEvery, keepSnapshots, rememberEntities,
        journalPluginId, snapshotPluginId);
  }

  public MucSettings withLimits(int newMaxRoomsPerUser, double newMessageRate, int newMessageBurst) {
    return new MucSettings(enabled, subdomain, name, creationPolicy, admins, newMaxRoomsPerUser,
        defaultMaxOccupants, maxOccupantsLimit, historySize, defaultHistory, maxSubjectLength,
        maxNickBytes, maxRoomNameBytes, newMessageRate, newMessageBurst, defaultPublic,
        defaultPersistent, passivateAfter, askTimeout, verifyDelay, deliveryAckTimeout, relaysPerNode,
        relayBatch, maxPendingDeliveries, maxBacklog, directoryPageSize, snapshotEvery, keepSnapshots,
        rememberEntities, journalPluginId, snapshotPluginId);
  }

  public MucSettings withVerifyDelay(Duration delay) {
    return new MucSettings(enabled, subdomain, name, creationPolicy, admins, maxRoomsPerUser,
        defaultMaxOccupants, maxOccupantsLimit, historySize, defaultHistory, maxSubjectLength,
        maxNickBytes, maxRoomNameBytes, messageRate, messageBurst, defaultPublic, defaultPersistent,
        passivateAfter, askTimeout, delay, deliveryAckTimeout, relaysPerNode, relayBatch,
        maxPendingDeliveries, maxBacklog, directoryPageSize, snapshotEvery, keepSnapshots, rememberEntities,
        journalPluginId, snapshotPluginId);
  }

  public MucSettings withMaxBacklog(int newMaxBacklog) {
    return new MucSettings(enabled, subdomain, name, creationPolicy, admins, maxRoomsPerUser,
        defaultMaxOccupants, maxOccupantsLimit, historySize, defaultHistory, maxSubjectLength,
        maxNickBytes, maxRoomNameBytes, messageRate, messageBurst, defaultPublic, defaultPersistent,
        passivateAfter, askTimeout, verifyDelay, deliveryAckTimeout, relaysPerNode, relayBatch,
        maxPendingDeliveries, newMaxBacklog, directoryPageSize, snapshotEvery, keepSnapshots,
        rememberEntities, journalPluginId, snapshotPluginId);
  }

  /** Whether {@code bareJid} administers the service. */
  public boolean isAdmin(String bareJid) {
    return admins.contains(bareJid);
  }

  /** Reads {@value #PATH} from a config that includes this module's reference.conf. */
  public static MucSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    String policy = c.getString("creation-policy").trim().toLowerCase(Locale.ROOT);
    CreationPolicy parsed = switch (policy) {
      case "open" -> CreationPolicy.OPEN;
      case "local-users" -> CreationPolicy.LOCAL_USERS;
      case "admins" -> CreationPolicy.ADMINS;
      default -> null;
    };
    return new MucSettings(
        c.getBoolean("enabled"),
        c.getString("subdomain").trim(),
        c.getString("name"),
        parsed,
        admins(c.getString("admins")),
        c.getInt("max-rooms-per-user"),
        c.getInt("default-max-occupants"),
        c.getInt("max-occupants-limit"),
        c.getInt("history-size"),
        c.getInt("default-history"),
        c.getInt("max-subject-length"),
        c.getInt("max-nick-bytes"),
        c.getInt("max-room-name-bytes"),
        c.getDouble("message-rate"),
        c.getInt("message-burst"),
        c.getBoolean("default-public"),
        c.getBoolean("default-persistent"),
        c.getDuration("passivate-after"),
        c.getDuration("ask-timeout"),
        c.getDuration("verify-delay"),
        c.getDuration("delivery-ack-timeout"),
        c.getInt("relays-per-node"),
        c.getInt("relay-batch"),
        c.getInt("max-pending-deliveries"),
        maxBacklog(root, c.getInt("max-backlog")),
        c.getInt("directory-page-size"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getBoolean("remember-entities"),
        c.getString("journal-plugin-id"),
        c.getString("snapshot-plugin-id"));
  }

  /**
   * {@code max-backlog}, checked against Pekko's stash: a room lets in up to twice as many stanzas
   * it may not refuse ({@link RoomAdmission}), and its own messages need room there too.
   */
  private static int maxBacklog(Config root, int value) {
    String key = "pekko.persistence.typed.stash-capacity";
    if (root.hasPath(key)) {
      int stash = root.getInt(key);
      require(value <= stash / 2, "max-backlog", "must be at most half of " + key + " (" + stash + ")");
    }
    return value;
  }

  private static Set<String> admins(String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      String jid = part.trim();
      if (jid.isEmpty()) {
        continue;
      }
      Jid parsed = Jids.parse(jid).orElse(null);
      require(parsed != null && parsed.isEntityBareJid(), "admins", "'" + jid + "' is not a bare JID");
      out.add(parsed.toString());
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
