package io.switchboard.sharding.pubsub;

import org.jxmpp.jid.EntityBareJid;

/**
 * What the decision parts of one node ({@link LifecycleLogic}, {@link PublishLogic}) share: the
 * node's address, its PEP owner (null at {@code pubsub.<domain>}), the service's settings and
 * ports, and the node's access and notification rules. Set once by {@link NodeLogic}.
 */
abstract class NodePart {
  final String service;
  final String node;
  final EntityBareJid pepOwner;
  final PubSubSettings settings;
  final PubSubNode.Deps deps;
  final NodeAccess access;
  final NodeNotifier notifier;

  NodePart(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, NodeAccess access, NodeNotifier notifier) {
    this.service = service;
    this.node = node;
    this.pepOwner = pepOwner;
    this.settings = settings;
    this.deps = deps;
    this.access = access;
    this.notifier = notifier;
  }
}
