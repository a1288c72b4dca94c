package io.switchboard.sharding.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pure quota decisions of the service (issue #23 F9): whether a PEP create or publish would make
 * the account own more nodes than {@code switchboard.quotas.pep-nodes}, and which nodes a
 * node-less subscriptions or affiliations query asks.
 *
 * <p>The node count comes from the account's {@link PubSubDirectory}, asked before the request
 * goes to its node: two creates of different new nodes in flight at once can both pass, so the
 * quota can be passed by the number of such requests one account has in flight (the directory
 * is not a reservation). Publishing to an existing node is never refused.
 */
final class PepQuota {
  private PepQuota() {}

  /** Whether creating {@code node} (absent from {@code dir}) would pass {@code limit}. */
  static boolean refuses(PubSubDirectory.Names dir, String node, int limit) {
    return !dir.nodes().contains(node) && dir.nodes().size() >= limit;
  }

  /** The first {@code limit} of {@code nodes}, in their (sorted) order. */
  static List<String> first(Collection<String> nodes, int limit) {
    List<String> out = new ArrayList<>(Math.min(nodes.size(), limit));
    for (String n : nodes) {
      if (out.size() >= limit) {
        break;
      }
      out.add(n);
    }
    return out;
  }
}
