package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Authorize;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.pubsub.PubSubNode.SendLastItem;
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
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * What a {@link PubSubNode} does with each request, given its state: a {@link Decision} (events
 * to persist, the answer, and what to do once persisted). Here the request is parsed, its sender
 * checked, and it goes to the part that decides it: node lifecycle and configuration
 * (§8.1–§8.5) to {@link LifecycleLogic}, publish and retract (§7) to {@link PublishLogic}, items
 * retrieval (§6.5) to {@link ItemRetrieval}, subscriptions to {@link SubscriptionLogic},
 * affiliations (§5.7, §8.9) to {@link AffiliationLogic}, node disco to {@link NodeDisco}; access
 * rules are in {@link NodeAccess}, outgoing notifications in {@link NodeNotifier}. Error
 * conditions follow XEP-0060 section by section.
 */
final class NodeLogic {
  private final EntityBareJid pepOwner;
  private final NodeAccess access;
  private final SubscriptionLogic subscriptions;
  private final AffiliationLogic affiliations;
  private final NodeDisco disco;
  private final LifecycleLogic lifecycle;
  private final ItemRetrieval retrieval;
  private final PublishLogic publishing;
  private final Consumer<Request> reserveSlot;

  NodeLogic(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, Consumer<NodeNotifier.Notification> fanOut,
      BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe,
      Consumer<Request> reserveSlot, ItemPayloads payloads) {
    this.reserveSlot = reserveSlot;
    this.pepOwner = pepOwner;
    this.access = new NodeAccess(service, pepOwner, deps.relations(), pipe);
    NodeNotifier notifier = new NodeNotifier(service, node, pepOwner, deps.routing(), fanOut, access,
        payloads);
    this.subscriptions = new SubscriptionLogic(node, access, notifier, deps.quotas().subscriptionsPerNode());
    this.affiliations = new AffiliationLogic(node, pepOwner);
    this.disco = new NodeDisco(service, node, pepOwner, access);
    this.lifecycle = new LifecycleLogic(service, node, pepOwner, settings, deps, access, notifier);
    this.retrieval = new ItemRetrieval(node, access, payloads);
    this.publishing = new PublishLogic(service, node, pepOwner, settings, deps, access, notifier,
        payloads);
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
      return lifecycle.defaultConfig(iq);
    }
    if (req instanceof Create r) {
      return lifecycle.create(state, iq, from, bare, r);
    }
    if (req instanceof Publish r) {
      return publishing.publish(state, iq, from, bare, r);
    }
    if (!state.exists()) {
      return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
    }
    if (req instanceof ConfigureGet) {
      return ownerOnly(state, iq, bare, () -> lifecycle.configuration(state, iq));
    }
    if (req instanceof ConfigureSet r) {
      return ownerOnly(state, iq, bare, () -> lifecycle.configure(state, iq, r));
    }
    if (req instanceof Delete r) {
      return ownerOnly(state, iq, bare, () -> lifecycle.delete(state, iq, r));
    }
    if (req instanceof Purge) {
      return ownerOnly(state, iq, bare, () -> lifecycle.purge(state, iq));
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

  private Decision ownerOnly(NodeState state, XmlElement iq, String bare,
      java.util.function.Supplier<Decision> then) {
    return access.affiliation(state, bare) == Affiliation.OWNER ? then.get()
        : Decision.fail(iq, PubSubError.FORBIDDEN);
  }
}
