package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.ItemRetracted;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubRequest.Publish;
import io.switchboard.sharding.pubsub.PubSubRequest.Retract;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Publishing to one node and retracting from it (XEP-0060 §7.1, §7.2): the checks of the node's
 * configuration and of the publisher, a PEP node created by its account's first publish
 * (XEP-0163 §3), the byte quota of the items kept, and the notifications; and the batches of the
 * node's feed, published as the service. A pure decision step of {@link NodeLogic}.
 */
final class PublishLogic extends NodePart {
  private final ItemBytes itemBytes = new ItemBytes();
  private final ItemPayloads payloads;

  PublishLogic(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, NodeAccess access, NodeNotifier notifier, ItemPayloads payloads) {
    super(service, node, pepOwner, settings, deps, access, notifier);
    this.payloads = payloads;
  }

  Decision publish(NodeState state, XmlElement iq, Jid from, String bare, Publish r) {
    List<Event> events = new ArrayList<>();
    NodeConfig config;
    NodeState current = state;
    if (!state.exists()) {
      if (pepOwner == null) {
        return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      if (!bare.equals(pepOwner.toString())) {
        return Decision.fail(iq, PubSubError.FORBIDDEN);
      }
      config = NodeConfig.pepDefaults();
      if (r.options() != null) {
        NodeConfig.Applied applied = config.withForm(r.options(), settings.maxItemsLimit());
        if (!applied.ok() || !applied.config().satisfies(r.options(), settings.maxItemsLimit())) {
          return Decision.fail(iq, PubSubError.PRECONDITION_NOT_MET);
        }
        config = applied.config();
      }
      NodeCreated created = new NodeCreated(config, pepOwner.toString(), deps.clock().instant());
      events.add(created);
      current = state.apply(created);
    } else {
      config = state.config();
      if (!access.mayPublish(state, bare)) {
        return Decision.fail(iq, PubSubError.FORBIDDEN);
      }
      if (r.options() != null && !config.satisfies(r.options(), settings.maxItemsLimit())) {
        return Decision.fail(iq, PubSubError.PRECONDITION_NOT_MET);
      }
    }
    // §7.1.3.6: the request must match the node's event type.
    if (r.items() > 1) {
      return Decision.fail(iq, PubSubError.INVALID_PAYLOAD);
    }
    Item item = null;
    if (r.item() == null) {
      if (config.persistItems()) {
        return Decision.fail(iq, PubSubError.ITEM_REQUIRED);
      }
      if (config.deliverPayloads()) {
        return Decision.fail(iq, PubSubError.PAYLOAD_REQUIRED);
      }
    } else {
      List<XmlElement> payload = r.item().elements();
      if (payload.size() > 1) {
        return Decision.fail(iq, PubSubError.INVALID_PAYLOAD);
      }
      if (!config.persistItems() && !config.deliverPayloads()) {
        return Decision.fail(iq, PubSubError.ITEM_FORBIDDEN);
      }
      if (payload.isEmpty() && config.deliverPayloads()) {
        return Decision.fail(iq, PubSubError.PAYLOAD_REQUIRED);
      }
      if (!payload.isEmpty() && !config.payloadType().isEmpty()
          && !payload.get(0).namespace().equals(config.payloadType())) {
        return Decision.fail(iq, PubSubError.INVALID_PAYLOAD);
      }
      String id = r.item().attr("id");
      if (id == null || id.isEmpty()) {
        id = UUID.randomUUID().toString();
      }
      item = new Item(id, from.toString(), payload.isEmpty() ? null : payload.get(0),
          deps.clock().instant());
      if (config.persistItems()) {
        item = payloads.keep(item);
        ItemPublished added = new ItemPublished(item);
        // Issue #23 F9: the items the node would keep must fit its byte quota.
        int limit = pepOwner != null ? deps.quotas().pepNodeItemBytes() : deps.quotas().nodeItemBytes();
        if (itemBytes.total(current.apply(added).items()) > limit) {
          return Decision.fail(iq, PubSubError.PAYLOAD_TOO_BIG);
        }
        events.add(added);
      }
    }
    XmlElement.Builder published = XmlElement.builder("publish", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    if (item != null) {
      published.child(XmlElement.builder("item", PubSubNamespaces.PUBSUB).attr("id", item.id()));
    }
    XmlElement reply = Stanzas.iqResult(iq, NodeXml.pubsub(published));
    NodeConfig finalConfig = config;
    NodeState before = current;
    List<Item> notified = item == null ? List.of() : List.of(item);
    boolean created = !state.exists();
    // Issue #23 F9: a kept item's payload is stored before its event is written.
    List<Item> store = item != null && config.persistItems() ? ItemPayloads.toStore(List.of(item))
        : List.of();
    return new Decision(events, reply, () -> {
      if (created) {
        deps.registry().created(service, node);
        deps.registry().visibility(service, node, finalConfig.accessModel() == AccessModel.OPEN);
      }
      if (finalConfig.deliverNotifications()) {
        notifier.notifySubscribers(before, finalConfig,
            NodeXml.itemsEvent(node, notified, finalConfig.deliverPayloads()));
      }
    }).storingFirst(store, PubSubError.INTERNAL.answer(iq));
  }

  Decision retract(NodeState state, XmlElement iq, String bare, Retract r) {
    NodeConfig config = state.config();
    if (!config.persistItems()) {
      return Decision.fail(iq, PubSubError.unsupported("persistent-items"));
    }
    Affiliation a = access.affiliation(state, bare);
    List<Event> events = new ArrayList<>();
    for (String id : r.ids()) {
      Item item = state.item(id);
      if (item == null) {
        return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      boolean own = NodeAccess.bareOf(item.publisher()).equals(bare);
      if (a != Affiliation.OWNER && a != Affiliation.PUBLISHER && !own) {
        return Decision.fail(iq, PubSubError.FORBIDDEN);
      }
      events.add(new ItemRetracted(id));
    }
    return new Decision(events, Stanzas.iqResult(iq), () -> {
      if ((config.notifyRetract() || r.notifyRequested()) && config.deliverNotifications()) {
        notifier.notifySubscribers(state, config, NodeXml.retractEvent(node, r.ids()));
      }
    });
  }

  /**
   * A batch of the node's feed: published as the service (one notification per item, in order),
   * unless it is another feed's, the node is gone, or the batch was published already.
   */
  Decision feedPublish(NodeState state, PubSubNode.FeedPublish cmd) {
    if (!state.exists() || !state.config().feedUrl().equals(cmd.source())) {
      return new Decision(List.of(), null,
          () -> cmd.replyTo().tell(new PubSubNode.FeedPublished(false)));
    }
    if (state.feedBatchPublished(cmd.source(), cmd.seq())) {
      return new Decision(List.of(), null,
          () -> cmd.replyTo().tell(new PubSubNode.FeedPublished(true)));
    }
    NodeConfig config = state.config();
    List<Item> items = new ArrayList<>();
    for (PubSubNode.FeedItem f : cmd.items()) {
      items.add(payloads.keep(new Item(f.id(), service, f.payload(), deps.clock().instant())));
    }
    List<Event> events = List.of(new PubSubNode.FeedItemsPublished(cmd.source(), cmd.seq(),
        config.persistItems() ? items : List.of()));
    // Issue #23 F9: payloads first; if that fails the batch is not acknowledged and comes again.
    List<Item> store = config.persistItems() ? ItemPayloads.toStore(items) : List.of();
    return new Decision(events, null, () -> {
      // One notification per item (clients expect one item per event), all through one fan-out
      // worker so each subscriber gets them oldest first.
      if (config.deliverNotifications() && !items.isEmpty()) {
        notifier.notifySubscribers(state, config, items.stream()
            .map(item -> NodeXml.itemsEvent(node, List.of(item), config.deliverPayloads())).toList());
      }
      cmd.replyTo().tell(new PubSubNode.FeedPublished(true));
    }).storingFirst(store, null);
  }
}
