package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.NodeConfigured;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.NodeDeleted;
import io.switchboard.sharding.pubsub.PubSubNode.NodePurged;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubRequest.ConfigureSet;
import io.switchboard.sharding.pubsub.PubSubRequest.Create;
import io.switchboard.sharding.pubsub.PubSubRequest.Delete;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * The lifecycle and configuration of one node (XEP-0060 §8.1–§8.5): who may create it and with
 * what configuration, the owner's configuration form and the defaults, deletion and purging; and
 * what follows each outside the node (the service's registry of nodes, the node's feed, the
 * subscribers' notifications). A pure decision step of {@link NodeLogic}.
 */
final class LifecycleLogic extends NodePart {

  LifecycleLogic(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, NodeAccess access, NodeNotifier notifier) {
    super(service, node, pepOwner, settings, deps, access, notifier);
  }

  /** The service's default node configuration (§8.3). */
  Decision defaultConfig(XmlElement iq) {
    return Decision.ok(iq, XmlElement.builder("pubsub", PubSubNamespaces.OWNER)
        .child(XmlElement.builder("default", PubSubNamespaces.OWNER)
            .child(defaults().toForm("form")))
        .build());
  }

  /** The node's configuration form, for its owner (§8.2). */
  Decision configuration(NodeState state, XmlElement iq) {
    return Decision.ok(iq, NodeXml.owner(
        XmlElement.builder("configure", PubSubNamespaces.OWNER).attr("node", node)
            .child(state.config().toForm("form"))));
  }

  Decision create(NodeState state, XmlElement iq, Jid from, String bare, Create r) {
    if (!mayCreate(from, bare)) {
      return Decision.fail(iq, PubSubError.FORBIDDEN);
    }
    if (state.exists()) {
      return Decision.fail(iq, PubSubError.CONFLICT);
    }
    NodeConfig config = defaults();
    if (r.config() != null) {
      if (r.config().formType() != null
          && !r.config().formType().equals(PubSubNamespaces.NODE_CONFIG)) {
        return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
      }
      NodeConfig.Applied applied = config.withForm(r.config(), settings.maxItemsLimit());
      if (!applied.ok()) {
        return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
      }
      config = applied.config();
    }
    if (config.hasFeed() && pepOwner != null) {
      return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    String owner = pepOwner != null ? pepOwner.toString() : bare;
    XmlElement reply = Stanzas.iqResult(iq, NodeXml.pubsub(XmlElement.builder("create",
        PubSubNamespaces.PUBSUB).attr("node", node)));
    boolean open = config.accessModel() == AccessModel.OPEN;
    NodeConfig created = config;
    return new Decision(List.of(new NodeCreated(config, owner, deps.clock().instant())), reply,
        () -> {
          deps.registry().created(service, node);
          deps.registry().visibility(service, node, open);
          feedChanged(NodeConfig.serviceDefaults(1), created);
        });
  }

  /** Tells the feeds concerned when the node's feed (or its interval) changed. */
  private void feedChanged(NodeConfig before, NodeConfig after) {
    String target = PubSubNode.entityId(service, node);
    if (before.hasFeed() && !before.feedUrl().equals(after.feedUrl())) {
      deps.feeds().detach(before.feedUrl(), target);
    }
    if (after.hasFeed() && (!after.feedUrl().equals(before.feedUrl())
        || after.feedIntervalSeconds() != before.feedIntervalSeconds())) {
      deps.feeds().attach(after.feedUrl(), target, after.feedIntervalSeconds());
    }
  }

  /** PEP: only the account. Service: the creation policy. */
  private boolean mayCreate(Jid from, String bare) {
    if (pepOwner != null || bare.equals(service)) {
      return bare.equals(service);
    }
    return switch (settings.creationPolicy()) {
      case OPEN -> true;
      case LOCAL_USERS -> {
        String domain = from.getDomain().toString();
        yield domain.equals(service) || service.endsWith("." + domain);
      }
      case ADMINS -> from.asEntityBareJidIfPossible() != null
          && deps.isAdmin().test(from.asEntityBareJidIfPossible());
    };
  }

  private NodeConfig defaults() {
    return pepOwner != null
        ? NodeConfig.pepDefaults()
        : NodeConfig.serviceDefaults(settings.defaultMaxItems());
  }

  Decision configure(NodeState state, XmlElement iq, ConfigureSet r) {
    DataForm form = r.form();
    if ("cancel".equals(form.type())) {
      return Decision.ok(iq, null);
    }
    if (form.formType() != null && !form.formType().equals(PubSubNamespaces.NODE_CONFIG)) {
      return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    NodeConfig.Applied applied = state.config().withForm(form, settings.maxItemsLimit());
    if (!applied.ok()) {
      return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    NodeConfig config = applied.config();
    if (config.hasFeed() && pepOwner != null) {
      return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    List<Event> events = new ArrayList<>();
    events.add(new NodeConfigured(config));
    // §4.5: a node closed to a whitelist keeps only the subscriptions of its affiliates.
    List<NodeSubscription> dropped = new ArrayList<>();
    if (config.accessModel() == AccessModel.WHITELIST
        && state.config().accessModel() != AccessModel.WHITELIST) {
      for (NodeSubscription sub : state.subscriptions().values()) {
        if (!access.affiliation(state, NodeAccess.bareOf(sub.jid())).bypassesAccessModel()) {
          dropped.add(sub);
          events.add(new SubscriptionRemoved(sub.subid()));
        }
      }
    }
    NodeConfig before = state.config();
    boolean visibilityChanged = config.accessModel() != before.accessModel();
    return new Decision(events, Stanzas.iqResult(iq), () -> {
      feedChanged(before, config);
      if (visibilityChanged) {
        deps.registry().visibility(service, node, config.accessModel() == AccessModel.OPEN);
      }
      dropped.forEach(sub -> notifier.tellSubscriber(sub, "none"));
      if (config.notifyConfig() && config.deliverNotifications()) {
        NodeState after = state;
        for (Event e : events) {
          after = after.apply(e);
        }
        notifier.notifySubscribers(after, config,
            NodeXml.configurationEvent(node, config, config.deliverPayloads()));
      }
    });
  }

  Decision delete(NodeState state, XmlElement iq, Delete r) {
    NodeConfig config = state.config();
    return new Decision(List.of(NodeDeleted.INSTANCE), Stanzas.iqResult(iq), () -> {
      if (config.hasFeed()) {
        deps.feeds().detach(config.feedUrl(), PubSubNode.entityId(service, node));
      }
      if (config.notifyDelete()) {
        notifier.notifySubscribers(state, config, NodeXml.deleteEvent(node, r.redirect()));
      }
      deps.registry().deleted(service, node);
    });
  }

  Decision purge(NodeState state, XmlElement iq) {
    NodeConfig config = state.config();
    if (!config.persistItems()) {
      return Decision.fail(iq, PubSubError.unsupported("persistent-items"));
    }
    return new Decision(List.of(NodePurged.INSTANCE), Stanzas.iqResult(iq), () -> {
      if (config.deliverNotifications()) {
        notifier.notifySubscribers(state, config, NodeXml.purgeEvent(node));
      }
    });
  }
}
