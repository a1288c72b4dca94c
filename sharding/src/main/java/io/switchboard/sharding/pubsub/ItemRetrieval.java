package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.pubsub.PubSubRequest.Items;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Retrieving the items of one node (XEP-0060 §6.5): all of them newest first, the newest
 * {@code max_items}, those named by id, and a page of them (XEP-0059), for those the access
 * model lets in. A pure decision step of {@link NodeLogic}: the ids, order and page come from the
 * state; when a selected item's payload is beyond the cache (issue #23 F9) the decision answers
 * later, once {@link ItemPayloads} has read the page's payloads in one batch
 * (internal-server-error, wait, if that read fails).
 */
final class ItemRetrieval {
  private final String node;
  private final NodeAccess access;
  private final ItemPayloads payloads;

  ItemRetrieval(String node, NodeAccess access, ItemPayloads payloads) {
    this.node = node;
    this.access = access;
    this.payloads = payloads;
  }

  Decision items(NodeState state, Request cmd, String bare, Items r) {
    XmlElement iq = cmd.iq();
    PubSubError denied = access.retrieveVerdict(state, bare, cmd.relation());
    if (denied == NodeAccess.NEEDS_RELATION) {
      return access.lookUp(state, bare, cmd::withRelation);
    }
    if (denied != null) {
      return Decision.fail(iq, denied);
    }
    if (!state.config().persistItems()) {
      // §6.5.9.x: a transient node keeps no items to retrieve.
      return Decision.fail(iq, PubSubError.unsupported("persistent-items"));
    }
    List<Item> newestFirst = new ArrayList<>(state.items());
    Collections.reverse(newestFirst);
    List<Item> selected;
    if (!r.ids().isEmpty()) {
      selected = new ArrayList<>();
      for (String id : r.ids()) {
        Item i = state.item(id);
        if (i != null) {
          selected.add(i);
        }
      }
      if (selected.isEmpty()) {
        return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
    } else if (r.maxItems() != null) {
      selected = newestFirst.subList(0, Math.min(r.maxItems(), newestFirst.size()));
    } else {
      selected = newestFirst;
    }
    XmlElement rsmSet = null;
    if (r.rsm() != null) {
      RsmPage page = RsmPage.of(selected, r.rsm());
      if (page == null) {
        return Decision.fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      selected = page.items();
      rsmSet = page.set();
    }
    XmlElement set = rsmSet;
    if (selected.stream().allMatch(Item::cached)) {
      return Decision.ok(iq, render(selected, set));
    }
    List<Item> page = List.copyOf(selected);
    return new Decision(List.of(), null, () -> payloads.answer(cmd.replyTo(), page,
        full -> Stanzas.iqResult(iq, render(full, set)), PubSubError.INTERNAL.answer(iq)));
  }

  private XmlElement render(List<Item> selected, XmlElement rsmSet) {
    XmlElement.Builder items = XmlElement.builder("items", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    for (Item i : selected) {
      items.child(NodeXml.item(PubSubNamespaces.PUBSUB, i, true));
    }
    XmlElement.Builder p = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).child(items);
    if (rsmSet != null) {
      p.child(rsmSet);
    }
    return p.build();
  }
}
