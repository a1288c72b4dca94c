package io.switchboard.sharding.pubsub;

import java.util.Set;

/**
 * A requester as seen from the owner's roster.
 *
 * @param subscribedFrom the requester receives the owner's presence (subscription from or both)
 * @param groups the roster groups the owner put the requester in
 */
public record Relation(boolean subscribedFrom, Set<String> groups) {
  public static final Relation NONE = new Relation(false, Set.of());

  public Relation {
    groups = Set.copyOf(groups);
  }
}
