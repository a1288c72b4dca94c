package io.switchboard.persistence.pubsub;

import java.util.Objects;

/**
 * A pub-sub node's address: the service (e.g. "pubsub.example.org", or a user's bare JID for PEP)
 * and the node name.
 */
public record PubSubNodeId(String service, String node) {
  public PubSubNodeId {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(node, "node");
  }
}
