package io.switchboard.sharding.pubsub;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of the pub-sub service and its {@link PubSubNode} entities, read once from
 * {@code switchboard.pubsub} (see reference.conf).
 *
 * @param creationPolicy who may create nodes at a {@code pubsub.<domain>} service
 * @param passivateAfter an entity with no message for this long passivates
 * @param snapshotEvery a snapshot after this many events
 * @param keepSnapshots snapshots kept (older ones and their events are deleted)
 * @param maxItemsLimit the largest {@code pubsub#max_items} a node may have; "max" means this
 * @param defaultMaxItems {@code pubsub#max_items} of a new node at the service
 * @param fanOutBatch notifications routed per step of a fan-out worker
 * @param askTimeout how long the service waits for an entity's answer before answering
 *     {@code internal-server-error} (type wait)
 * @param discoItemsMaxChecks disco#items on a service asks at most this many of its nodes that are
 *     not open whether the requester may see them; the others are left out of the answer
 * @param journalPluginId journal plugin config path, "" for the default
 * @param snapshotPluginId snapshot plugin config path, "" for the default
 * @param itemCache items per node whose payloads stay in memory when the node has an
 *     {@link ItemStore} (issue #23 F9); the others are read from the store when asked
 */
public record PubSubSettings(
    CreationPolicy creationPolicy,
    Duration passivateAfter,
    int snapshotEvery,
    int keepSnapshots,
    int maxItemsLimit,
    int defaultMaxItems,
    int fanOutBatch,
    Duration askTimeout,
    int discoItemsMaxChecks,
    String journalPluginId,
    String snapshotPluginId,
    int itemCache) {

  public static final String PATH = "switchboard.pubsub";

  /** Who may create nodes at a {@code pubsub.<domain>} service (PEP: only the account owner). */
  public enum CreationPolicy {
    /** Any authenticated entity, local or remote. */
    OPEN,
    /** Accounts of the service's domain ({@code pubsub.example.org}: {@code example.org}). */
    LOCAL_USERS,
    /** Only JIDs the {@code isAdmin} predicate accepts. */
    ADMINS
  }

  public PubSubSettings {
    require(creationPolicy != null, "creation-policy", "must be open, local-users or admins");
    require(!passivateAfter.isNegative() && !passivateAfter.isZero(), "passivate-after",
        "must be positive");
    require(snapshotEvery >= 1, "snapshot-every", "must be at least 1");
    require(keepSnapshots >= 1, "keep-snapshots", "must be at least 1");
    require(maxItemsLimit >= 1, "max-items-limit", "must be at least 1");
    require(defaultMaxItems >= 1 && defaultMaxItems <= maxItemsLimit, "default-max-items",
        "must be between 1 and max-items-limit");
    require(fanOutBatch >= 1, "fan-out-batch", "must be at least 1");
    require(!askTimeout.isNegative() && !askTimeout.isZero(), "ask-timeout", "must be positive");
    require(discoItemsMaxChecks >= 0, "disco-items-max-checks", "must not be negative");
    require(itemCache >= 1, "item-cache", "must be at least 1");
  }

  /** With the default item cache ({@value #DEFAULT_ITEM_CACHE}). */
  public PubSubSettings(CreationPolicy creationPolicy, Duration passivateAfter, int snapshotEvery,
      int keepSnapshots, int maxItemsLimit, int defaultMaxItems, int fanOutBatch,
      Duration askTimeout, int discoItemsMaxChecks, String journalPluginId,
      String snapshotPluginId) {
    this(creationPolicy, passivateAfter, snapshotEvery, keepSnapshots, maxItemsLimit,
        defaultMaxItems, fanOutBatch, askTimeout, discoItemsMaxChecks, journalPluginId,
        snapshotPluginId, DEFAULT_ITEM_CACHE);
  }

  /** Items per node whose payloads stay in memory when an item store is used (issue #23 F9). */
  public static final int DEFAULT_ITEM_CACHE = 8;

  public PubSubSettings withItemCache(int n) {
    return new PubSubSettings(creationPolicy, passivateAfter, snapshotEvery, keepSnapshots,
        maxItemsLimit, defaultMaxItems, fanOutBatch, askTimeout, discoItemsMaxChecks,
        journalPluginId, snapshotPluginId, n);
  }

  /** Defaults for tests: local users create, 10 items by default, 1000 at most. */
  public static PubSubSettings defaults() {
    return new PubSubSettings(CreationPolicy.LOCAL_USERS, Duration.ofMinutes(2), 100, 2, 1000, 10,
        500, Duration.ofSeconds(10), 100, "", "");
  }

  public PubSubSettings withCreationPolicy(CreationPolicy policy) {
    return new PubSubSettings(policy, passivateAfter, snapshotEvery, keepSnapshots, maxItemsLimit,
        defaultMaxItems, fanOutBatch, askTimeout, discoItemsMaxChecks, journalPluginId, snapshotPluginId,
        itemCache);
  }

  /** Reads {@value #PATH} from a config that includes this module's reference.conf. */
  public static PubSubSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    String policy = c.getString("creation-policy").trim().toLowerCase(Locale.ROOT);
    CreationPolicy parsed = switch (policy) {
      case "open" -> CreationPolicy.OPEN;
      case "local-users" -> CreationPolicy.LOCAL_USERS;
      case "admins" -> CreationPolicy.ADMINS;
      default -> null;
    };
    return new PubSubSettings(
        parsed,
        c.getDuration("passivate-after"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getInt("max-items-limit"),
        c.getInt("default-max-items"),
        c.getInt("fan-out-batch"),
        c.getDuration("ask-timeout"),
        c.getInt("disco-items-max-checks"),
        c.getString("journal-plugin-id"),
        c.getString("snapshot-plugin-id"),
        c.getInt("item-cache"));
  }

  /**
   * {@value #PATH}{@code .admins}: the service administrators' bare JIDs (comma-separated); a
   * value that is not a bare JID stops start-up with the key named.
   */
  public static java.util.Set<String> admins(Config root) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String part : root.getConfig(PATH).getString("admins").split(",")) {
      String jid = part.trim();
      if (jid.isEmpty()) {
        continue;
      }
      org.jxmpp.jid.Jid parsed = io.switchboard.protocol.jid.Jids.parse(jid).orElse(null);
      require(parsed != null && parsed.isEntityBareJid(), "admins", "'" + jid + "' is not a bare JID");
      out.add(parsed.toString());
    }
    return java.util.Set.copyOf(out);
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
