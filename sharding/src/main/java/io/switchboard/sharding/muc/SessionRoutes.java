package io.switchboard.sharding.muc;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each occupant session's entity was last seen: the node that routed its latest stanza to
 * the room. {@link Deliveries} sends what goes to a session through that node's relay; a session
 * not known here (or whose node left the cluster) goes through this node, and sharding finds it.
 * Bounded by the room's sessions (pruned when it grows past them). Owned by the entity's actor.
 */
final class SessionRoutes {
  private final Map<String, String> routes = new HashMap<>();

  /** {@code fullJid}, an occupant session of {@code sessions}, was routed here by {@code origin}. */
  void seen(String fullJid, String origin, Set<String> sessions) {
    if (fullJid != null && origin != null && sessions.contains(fullJid)) {
      routes.put(fullJid, origin);
      if (routes.size() > 2 * sessions.size() + 16) {
        routes.keySet().retainAll(sessions); // sessions that left
      }
    }
  }

  /** The node whose relay takes what goes to {@code fullJid}: where its entity was last seen. */
  String nodeOf(String fullJid) {
    return routes.get(fullJid);
  }

  /** {@code node} left the cluster: its sessions' entities restart elsewhere, not known yet. */
  void nodeRemoved(String node) {
    routes.values().removeIf(node::equals);
  }

  void clear() {
    routes.clear();
  }
}
