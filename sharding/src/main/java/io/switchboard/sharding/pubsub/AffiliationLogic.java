package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.AffiliationSet;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerAffiliationsSet;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Affiliations with one node: an entity's own (XEP-0060 §5.7), and the owner's requests (§8.9):
 * the list, and changes, where an outcast loses its subscriptions and the node keeps an owner. A
 * pure decision step of {@link NodeLogic}.
 */
final class AffiliationLogic {
  private final String node;
  private final EntityBareJid pepOwner;

  AffiliationLogic(String node, EntityBareJid pepOwner) {
    this.node = node;
    this.pepOwner = pepOwner;
  }

  /** The requester's own affiliation {@code a} with this node, if it has one. */
  Decision own(XmlElement iq, Affiliation a) {
    XmlElement.Builder affs = XmlElement.builder("affiliations", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    if (a != Affiliation.NONE) {
      affs.child(XmlElement.builder("affiliation", PubSubNamespaces.PUBSUB).attr("node", node)
          .attr("affiliation", a.xml()));
    }
    return Decision.ok(iq, NodeXml.pubsub(affs));
  }

  Decision list(NodeState state, XmlElement iq) {
    XmlElement.Builder affs = XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node);
    for (var e : state.affiliations().entrySet()) {
      affs.child(XmlElement.builder("affiliation", PubSubNamespaces.OWNER).attr("jid", e.getKey())
          .attr("affiliation", e.getValue().xml()));
    }
    return Decision.ok(iq, NodeXml.owner(affs));
  }

  Decision set(NodeState state, XmlElement iq, OwnerAffiliationsSet r) {
    List<Event> events = new ArrayList<>();
    NodeState next = state;
    for (XmlElement e : r.entries()) {
      Jid jid = e.attr("jid") == null ? null : Jids.parse(e.attr("jid")).orElse(null);
      Affiliation a = Affiliation.fromXml(e.attr("affiliation")).orElse(null);
      if (jid == null || a == null) {
        return Decision.fail(iq, PubSubError.BAD_REQUEST);
      }
      String bare = jid.asBareJid().toString();
      List<Event> add = new ArrayList<>();
      add.add(new AffiliationSet(bare, a));
      if (a == Affiliation.OUTCAST) {
        for (NodeSubscription s : next.subscriptions().values()) {
          if (NodeAccess.bareOf(s.jid()).equals(bare)) {
            add.add(new SubscriptionRemoved(s.subid()));
          }
        }
      }
      for (Event ev : add) {
        next = next.apply(ev);
      }
      events.addAll(add);
    }
    // §8.9.2.4: a node must keep an owner (a PEP node's account always is one).
    if (pepOwner == null && !next.affiliations().containsValue(Affiliation.OWNER)) {
      return Decision.fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    return new Decision(events, Stanzas.iqResult(iq), () -> { });
  }
}
