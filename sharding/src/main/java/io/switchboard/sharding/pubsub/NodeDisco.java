package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;

/**
 * Service discovery on one node (XEP-0060 §5.3, §5.5): its identity, features and
 * {@code pubsub#meta-data} form, and its items as disco#items for those allowed to retrieve them.
 */
final class NodeDisco {
  private final String service;
  private final String node;
  private final EntityBareJid pepOwner;
  private final NodeAccess access;

  NodeDisco(String service, String node, EntityBareJid pepOwner, NodeAccess access) {
    this.service = service;
    this.node = node;
    this.pepOwner = pepOwner;
    this.access = access;
  }

  /** The node's disco#info (§5.3), for those the access model lets learn it. */
  Decision info(NodeState state, Request cmd, String bare) {
    // Those the access model keeps out do not learn the node's metadata either; an authorize
    // node stays visible, since asking to subscribe is how one gets in.
    PubSubError denied = access.verdict(state, bare, cmd.relation());
    if (denied == NodeAccess.NEEDS_RELATION) {
      return access.lookUp(state, bare, cmd::withRelation);
    }
    return denied != null ? Decision.fail(cmd.iq(), denied) : Decision.ok(cmd.iq(), info(state));
  }

  private XmlElement info(NodeState state) {
    NodeConfig c = state.config();
    List<String> owners = new ArrayList<>();
    if (pepOwner != null) {
      owners.add(pepOwner.toString());
    }
    state.affiliations().forEach((jid, a) -> {
      if (a == Affiliation.OWNER && !owners.contains(jid)) {
        owners.add(jid);
      }
    });
    XmlElement meta = DataForm.builder("result", PubSubNamespaces.META_DATA)
        .field("pubsub#type", "text-single", "Payload type", list(c.payloadType()))
        .field("pubsub#title", "text-single", "Title", list(c.title()))
        .field("pubsub#description", "text-single", "Description", list(c.description()))
        .field("pubsub#owner", "jid-multi", "Node owners", owners)
        .field("pubsub#access_model", "list-single", "Access model",
            List.of(c.accessModel().xml()))
        .field("pubsub#publish_model", "list-single", "Publish model",
            List.of(c.publishModel().xml()))
        .field("pubsub#max_items", "text-single", "Maximum items",
            List.of(String.valueOf(c.maxItems())))
        .field("pubsub#persist_items", "boolean", "Persistent items",
            List.of(String.valueOf(c.persistItems())))
        .field("pubsub#num_subscribers", "text-single", "Number of subscribers",
            List.of(String.valueOf(state.subscriptions().size())))
        .build();
    return XmlElement.builder("query", PubSubNamespaces.DISCO_INFO).attr("node", node)
        .child(XmlElement.builder("identity", PubSubNamespaces.DISCO_INFO)
            .attr("category", "pubsub").attr("type", "leaf"))
        .child(feature(PubSubNamespaces.DISCO_INFO))
        .child(feature(PubSubNamespaces.PUBSUB))
        .child(meta)
        .build();
  }

  Decision items(NodeState state, Request cmd, String bare) {
    PubSubError denied = access.retrieveVerdict(state, bare, cmd.relation());
    if (denied == NodeAccess.NEEDS_RELATION) {
      return access.lookUp(state, bare, cmd::withRelation);
    }
    if (denied != null) {
      return Decision.fail(cmd.iq(), denied);
    }
    XmlElement.Builder q = XmlElement.builder("query", PubSubNamespaces.DISCO_ITEMS)
        .attr("node", node);
    List<Item> newestFirst = new ArrayList<>(state.items());
    Collections.reverse(newestFirst);
    for (Item i : newestFirst) {
      q.child(XmlElement.builder("item", PubSubNamespaces.DISCO_ITEMS).attr("jid", service)
          .attr("name", i.id()));
    }
    return Decision.ok(cmd.iq(), q.build());
  }

  private static XmlElement feature(String var) {
    return XmlElement.builder("feature", PubSubNamespaces.DISCO_INFO).attr("var", var).build();
  }

  private static List<String> list(String s) {
    return s.isEmpty() ? List.of() : List.of(s);
  }
}
