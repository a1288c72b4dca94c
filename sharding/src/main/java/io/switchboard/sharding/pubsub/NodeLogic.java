package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.PubSubNode.Authorize;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.NodeConfigured;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.NodeDeleted;
import io.switchboard.sharding.pubsub.PubSubNode.NodePurged;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.pubsub.PubSubNode.SendLastItem;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubRequest.ConfigureGet;
import io.switchboard.sharding.pubsub.PubSubRequest.ConfigureSet;
import io.switchboard.sharding.pubsub.PubSubRequest.Create;
import io.switchboard.sharding.pubsub.PubSubRequest.DefaultConfig;
import io.switchboard.sharding.pubsub.PubSubRequest.Delete;
import io.switchboard.sharding.pubsub.PubSubRequest.DiscoInfo;
import io.switchboard.sharding.pubsub.PubSubRequest.DiscoItems;
import io.switchboard.sharding.pubsub.PubSubRequest.Invalid;
import io.switchboard.sharding.pubsub.PubSubRequest.Items;
import io.switchboard.sharding.pubsub.PubSubRequest.OptionsGet;
import io.switchboard.sharding.pubsub.PubSubRequest.OptionsSet;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerAffiliationsGet;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerAffiliationsSet;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerSubscriptionsGet;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerSubscriptionsSet;
import io.switchboard.sharding.pubsub.PubSubRequest.Publish;
import io.switchboard.sharding.pubsub.PubSubRequest.Purge;
import io.switchboard.sharding.pubsub.PubSubRequest.Retract;
import io.switchboard.sharding.pubsub.PubSubRequest.Subscribe;
import io.switchboard.sharding.pubsub.PubSubRequest.Unsubscribe;
import io.switchboard.sharding.pubsub.PubSubRequest.UserAffiliations;
import io.switchboard.sharding.pubsub.PubSubRequest.UserSubscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * What a {@link PubSubNode} does with each request, given its state: a {@link Decision} (events
 * to persist, the answer, and what to do once persisted). Node lifecycle (§8.1–§8.5) is here;
 * publish and retract (§7) are in {@link PublishLogic}, items retrieval (§6.5) in
 * {@link ItemRetrieval}, subscriptions in
 * {@link SubscriptionLogic}, affiliations (§5.7, §8.9) in {@link AffiliationLogic}, node disco in
 * {@link NodeDisco}, access rules in {@link NodeAccess}, outgoing
 * notifications in {@link NodeNotifier}. Error conditions follow XEP-0060 section by section.
 */
final class NodeLogic {
  private final String service;
  private final String node;
  private final EntityBareJid pepOwner;
  private final PubSubSettings settings;
  private final PubSubNode.Deps deps;
  private final NodeAccess access;
  private final NodeNotifier notifier;
  private final SubscriptionLogic subscriptions;
  private final AffiliationLogic affiliations;
  private final NodeDisco disco;
  private final ItemRetrieval retrieval;
  private final PublishLogic publishing;
  private final Consumer<Request> reserveSlot;

  NodeLogic(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, Consumer<NodeNotifier.Notification> fanOut,
      BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe,
      Consumer<Request> reserveSlot) {
    this.reserveSlot = reserveSlot;
    this.service = service;
    this.node = node;
    this.pepOwner = pepOwner;
    this.settings = settings;
    this.deps = deps;
    this.access = new NodeAccess(service, pepOwner, deps.relations(), pipe);
    this.notifier = new NodeNotifier(service, node, pepOwner, deps.routing(), fanOut, access);
    this.subscriptions = new SubscriptionLogic(node, access, notifier, deps.quotas().subscriptionsPerNode());
    this.affiliations = new AffiliationLogic(node, pepOwner);
    this.disco = new NodeDisco(service, node, pepOwner, access);
    this.retrieval = new ItemRetrieval(node, access);
    this.publishing = new PublishLogic(service, node, pepOwner, settings, deps, access, notifier);
  }

  Decision authorize(NodeState state, Authorize cmd) {
    return subscriptions.authorize(state, cmd);
  }

  Decision sendLastItem(NodeState state, SendLastItem cmd) {
    return subscriptions.sendLastItem(state, cmd);
  }

  Decision feedPublish(NodeState state, PubSubNode.FeedPublish cmd) {
    return publishing.feedPublish(state, cmd);
  }

  /**
   * The decision on {@code cmd}. A PEP request that would create the node (a create, or a
   * publish auto-creating it) needs a slot of the account's node quota first (issue #23 F9):
   * without {@code slotHeld} it is decided as if it held one and, only if it would then create
   * the node, the slot is asked instead ({@code reserveSlot}) and the request comes back with the
   * answer. Requests that would fail anyway, and every request to an existing node, ask nothing.
   */
  Decision decide(NodeState state, Request cmd, boolean slotHeld) {
    Decision d = decideHoldingSlot(state, cmd);
    if (!slotHeld && pepOwner != null && creates(d)) {
      return new Decision(List.of(), null, () -> reserveSlot.accept(cmd));
    }
    return d;
  }

  /** Whether {@code d} creates the node. */
  static boolean creates(Decision d) {
    return d.events().stream().anyMatch(NodeCreated.class::isInstance);
  }

  private Decision decideHoldingSlot(NodeState state, Request cmd) {
    XmlElement iq = cmd.iq();
    Jid from = Jids.parse(cmd.from()).orElse(null);
    if (from == null) {
      return Decision.fail(iq, PubSubError.JID_MALFORMED);
    }
    String bare = from.asBareJid().toString();
    PubSubRequest req = PubSubRequest.parse(iq);
    if (req instanceof Invalid r) {
      return Decision.fail(iq, r.error());
    }
    if (req instanceof DefaultConfig) {
      return Decision.ok(iq, XmlElement.builder("pubsub", PubSubNamespaces.OWNER)
          .child(XmlElement.builder("default", PubSubNamespaces.OWNER)
              .child(defaults().toForm("form")))
          .build());
    }
    if (req instanceof Create r) {
      return create(state, iq, from, bare, r);
    }
    if (req instanceof Publish r) {
      return publishing.publish(state, iq, from, bare, r);
    }
    if (!state.exists()) {
      return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
    }
    if (req instanceof ConfigureGet) {
      return ownerOnly(state, iq, bare, () -> Decision.ok(iq, NodeXml.owner(
          XmlElement.builder("configure", PubSubNamespaces.OWNER).attr("node", node)
              .child(state.config().toForm("form")))));
    }
    if (req instanceof ConfigureSet r) {
      return ownerOnly(state, iq, bare, () -> configure(state, iq, r));
    }
    if (req instanceof Delete r) {
      return ownerOnly(state, iq, bare, () -> delete(state, iq, r));
    }
    if (req instanceof Purge) {
      return ownerOnly(state, iq, bare, () -> purge(state, iq));
    }
    if (req instanceof Subscribe r) {
      return subscriptions.subscribe(state, cmd, from, bare, r);
    }
    if (req instanceof Unsubscribe r) {
      return subscriptions.unsubscribe(state, iq, bare, r);
    }
    if (req instanceof OptionsGet r) {
      return subscriptions.options(state, iq, bare, r.jid(), r.subid(), null);
    }
    if (req instanceof OptionsSet r) {
      return subscriptions.options(state, iq, bare, r.jid(), r.subid(), r.form());
    }
    if (req instanceof Items r) {
      return retrieval.items(state, cmd, bare, r);
    }
    if (req instanceof Retract r) {
      return publishing.retract(state, iq, bare, r);
    }
    if (req instanceof UserSubscriptions) {
      return subscriptions.userSubscriptions(state, iq, bare);
    }
    if (req instanceof UserAffiliations) {
      return affiliations.own(iq, access.affiliation(state, bare));
    }
    if (req instanceof OwnerSubscriptionsGet) {
      return ownerOnly(state, iq, bare, () -> subscriptions.ownerSubscriptions(state, iq));
    }
    if (req instanceof OwnerSubscriptionsSet r) {
      return ownerOnly(state, iq, bare, () -> subscriptions.setSubscriptions(state, iq, r));
    }
    if (req instanceof OwnerAffiliationsGet) {
      return ownerOnly(state, iq, bare, () -> affiliations.list(state, iq));
    }
    if (req instanceof OwnerAffiliationsSet r) {
      return ownerOnly(state, iq, bare, () -> affiliations.set(state, iq, r));
    }
    if (req instanceof DiscoInfo) {
      return disco.info(state, cmd, bare);
    }
    if (req instanceof DiscoItems) {
      return disco.items(state, cmd, bare);
    }
    return Decision.fail(iq, PubSubError.BAD_REQUEST);
  }

  private Decision create(NodeState state, XmlElement iq, Jid from, String bare, Create r) {
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

  private Decision configure(NodeState state, XmlElement iq, ConfigureSet r) {
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

  private Decision delete(NodeState state, XmlElement iq, Delete r) {
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

  private Decision purge(NodeState state, XmlElement iq) {
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

  private Decision ownerOnly(NodeState state, XmlElement iq, String bare,
      java.util.function.Supplier<Decision> then) {
    return access.affiliation(state, bare) == Affiliation.OWNER ? then.get()
        : Decision.fail(iq, PubSubError.FORBIDDEN);
  }
}
