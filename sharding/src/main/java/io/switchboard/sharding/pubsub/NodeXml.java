package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/** The XML the node sends: event notifications (XEP-0060 §7, §8) and the authorization form. */
final class NodeXml {
  private NodeXml() {}

  /** {@code <message from=service type=..><event xmlns=#event>payload</event></message>}. */
  static XmlElement eventMessage(String service, NodeConfig.NotificationType type, String id,
      XmlElement eventChild) {
    return XmlElement.builder("message", PubSubNamespaces.CLIENT)
        .attr("from", service)
        .attr("type", type == NodeConfig.NotificationType.HEADLINE ? "headline" : null)
        .attr("id", id)
        .child(XmlElement.builder("event", PubSubNamespaces.EVENT).child(eventChild))
        .build();
  }

  /** An element in the #event namespace carrying {@code item}s. */
  static XmlElement itemsEvent(String node, List<Item> items, boolean payloads) {
    XmlElement.Builder b = XmlElement.builder("items", PubSubNamespaces.EVENT).attr("node", node);
    for (Item i : items) {
      b.child(item(PubSubNamespaces.EVENT, i, payloads));
    }
    return b.build();
  }

  /** {@code <item id=..>payload</item>} in {@code ns}. */
  static XmlElement item(String ns, Item i, boolean payload) {
    XmlElement.Builder b = XmlElement.builder("item", ns).attr("id", i.id());
    if (payload && i.payload() != null) {
      b.child(i.payload());
    }
    return b.build();
  }

  static XmlElement retractEvent(String node, List<String> ids) {
    XmlElement.Builder b = XmlElement.builder("items", PubSubNamespaces.EVENT).attr("node", node);
    for (String id : ids) {
      b.child(XmlElement.builder("retract", PubSubNamespaces.EVENT).attr("id", id));
    }
    return b.build();
  }

  static XmlElement deleteEvent(String node, String redirect) {
    XmlElement.Builder b = XmlElement.builder("delete", PubSubNamespaces.EVENT).attr("node", node);
    if (redirect != null) {
      b.child(XmlElement.builder("redirect", PubSubNamespaces.EVENT).attr("uri", redirect));
    }
    return b.build();
  }

  static XmlElement purgeEvent(String node) {
    return XmlElement.builder("purge", PubSubNamespaces.EVENT).attr("node", node).build();
  }

  static XmlElement configurationEvent(String node, NodeConfig config, boolean payload) {
    XmlElement.Builder b = XmlElement.builder("configuration", PubSubNamespaces.EVENT)
        .attr("node", node);
    if (payload) {
      b.child(config.toForm("result"));
    }
    return b.build();
  }

  /** §8.8.4 / §8.6: a subscriber learns its subscription's new state. */
  static XmlElement subscriptionMessage(String service, String to, String node, String jid,
      String state, String subid, String id) {
    return XmlElement.builder("message", PubSubNamespaces.CLIENT)
        .attr("from", service).attr("to", to).attr("id", id)
        .child(XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
            .child(XmlElement.builder("subscription", PubSubNamespaces.PUBSUB)
                .attr("node", node).attr("jid", jid).attr("subscription", state)
                .attr("subid", subid)))
        .build();
  }

  /** §8.6.1: asks an owner to approve a pending subscription. */
  static XmlElement authorizationRequest(String service, String owner, String node,
      NodeSubscription sub, String id) {
    XmlElement form = DataForm.builder("form", PubSubNamespaces.SUBSCRIBE_AUTHORIZATION)
        .title("PubSub subscriber request")
        .instructions("To approve this entity's subscription request, click the OK button. To"
            + " deny the request, click the cancel button.")
        .field("pubsub#subid", "hidden", null, List.of(sub.subid()))
        .field("pubsub#node", "text-single", "Node ID", List.of(node))
        .field("pubsub#subscriber_jid", "jid-single", "Subscriber Address", List.of(sub.jid()))
        .field("pubsub#allow", "boolean", "Allow this JID to subscribe to this pubsub node?",
            List.of("false"))
        .build();
    return XmlElement.builder("message", PubSubNamespaces.CLIENT)
        .attr("from", service).attr("to", owner).attr("id", id)
        .child(form)
        .build();
  }

  /** {@code <pubsub xmlns='http://jabber.org/protocol/pubsub'>child</pubsub>}. */
  static XmlElement pubsub(XmlElement.Builder child) {
    return pubsub(child.build());
  }

  static XmlElement pubsub(XmlElement child) {
    return XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).child(child).build();
  }

  /** {@code <pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>child</pubsub>}. */
  static XmlElement owner(XmlElement.Builder child) {
    return XmlElement.builder("pubsub", PubSubNamespaces.OWNER).child(child).build();
  }
}
