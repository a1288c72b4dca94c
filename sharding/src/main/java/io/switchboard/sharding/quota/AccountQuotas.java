package io.switchboard.sharding.quota;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Per-account storage quotas (issue #23 F9), read once from {@value #PATH}. Each bounds what one
 * account can make the server keep: in its session entity (roster, pending subscription requests,
 * private XML, block list) or at the pub-sub service (PEP nodes, subscriptions). A request that
 * would go past one is refused, never half-applied; see {@link Quota} for the error each gets.
 *
 * @param rosterItems roster items plus pending inbound subscription requests
 * @param privateXmlBytes serialised bytes of all XEP-0049 private XML of the account
 * @param blocklistItems XEP-0191 block list entries
 * @param pepNodes PEP nodes the account owns (auto-created ones included)
 * @param subscriptionsPerNode pub-sub subscriptions the account's JIDs (bare and full, made-up
 *     resources included) hold at one node
 * @param pepNodeItemBytes serialised bytes of the items one PEP node keeps (its memory)
 * @param nodeItemBytes serialised bytes of the items one node at a pub-sub service keeps
 * @param crossNodeQueryNodes nodes a node-less {@code <subscriptions/>} or {@code <affiliations/>}
 *     request looks at; the answer lists the first ones (see README "Security")
 * @param offlineWriteQueue offline messages of one account waiting for the running write (writes
 *     run one at a time so the store's limit holds); more are refused
 * @param offlineWriteBatch offline messages of one account written together (one count, one
 *     batch); 1 writes them one by one
 */
public record AccountQuotas(
    int rosterItems,
    int privateXmlBytes,
    int blocklistItems,
    int pepNodes,
    int subscriptionsPerNode,
    int pepNodeItemBytes,
    int nodeItemBytes,
    int crossNodeQueryNodes,
    int offlineWriteQueue,
    int offlineWriteBatch) {

  public static final String PATH = "switchboard.quotas";

  /** The reference.conf values, for tests and callers without a config. */
  public static final AccountQuotas DEFAULTS = new AccountQuotas(1000, 1 << 20, 1000, 100, 20, 512 << 10, 8 << 20, 200, 1000, 64);

  public AccountQuotas {
    require(rosterItems >= 1, "roster-items", rosterItems);
    require(privateXmlBytes >= 1024, "private-xml-bytes", privateXmlBytes);
    require(blocklistItems >= 1, "blocklist-items", blocklistItems);
    require(pepNodes >= 1, "pep-nodes", pepNodes);
    require(subscriptionsPerNode >= 1, "subscriptions-per-node", subscriptionsPerNode);
    require(pepNodeItemBytes >= 1024, "pep-node-item-bytes", pepNodeItemBytes);
    require(nodeItemBytes >= 1024, "node-item-bytes", nodeItemBytes);
    require(crossNodeQueryNodes >= 1, "cross-node-query-nodes", crossNodeQueryNodes);
    require(offlineWriteQueue >= 1, "offline-write-queue", offlineWriteQueue);
    require(offlineWriteBatch >= 1, "offline-write-batch", offlineWriteBatch);
  }

  /** Reads {@value #PATH}; a missing or invalid value fails naming its key. */
  public static AccountQuotas fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    return new AccountQuotas(
        intOf(c, "roster-items"),
        (int) Math.min(Integer.MAX_VALUE, bytesOf(c, "private-xml-bytes")),
        intOf(c, "blocklist-items"),
        intOf(c, "pep-nodes"),
        intOf(c, "subscriptions-per-node"),
        (int) Math.min(Integer.MAX_VALUE, bytesOf(c, "pep-node-item-bytes")),
        (int) Math.min(Integer.MAX_VALUE, bytesOf(c, "node-item-bytes")),
        intOf(c, "cross-node-query-nodes"),
        intOf(c, "offline-write-queue"),
        intOf(c, "offline-write-batch"));
  }

  private static int intOf(Config c, String key) {
    try {
      return c.getInt(key);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(PATH + "." + key + " must be a whole number: " + e.getMessage(), e);
    }
  }

  private static long bytesOf(Config c, String key) {
    try {
      return c.getBytes(key);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(PATH + "." + key + " must be a size in bytes: " + e.getMessage(), e);
    }
  }

  private static void require(boolean ok, String key, long value) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " is too small: " + value);
    }
  }
}
