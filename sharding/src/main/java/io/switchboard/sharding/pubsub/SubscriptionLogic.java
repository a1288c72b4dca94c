package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.NodeConfig.SendLastPublished;
import io.switchboard.sharding.pubsub.NodeSubscription.State;
import io.switchboard.sharding.pubsub.PubSubNode.Authorize;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.pubsub.PubSubNode.SendLastItem;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionSaved;
import io.switchboard.sharding.pubsub.PubSubRequest.OwnerSubscriptionsSet;
import io.switchboard.sharding.pubsub.PubSubRequest.Subscribe;
import io.switchboard.sharding.pubsub.PubSubRequest.Unsubscribe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jxmpp.jid.Jid;

/**
 * Subscriptions of one node: subscribe (§6.1), unsubscribe (§6.2), subscription options (§6.3),
 * pending approval and the owner's answer (§8.6), the subscriber's and the owner's view and
 * management of subscriptions (§5.6, §8.8), and the last item for a contact that came online.
 */
final class SubscriptionLogic {
  private final String node;
  private final NodeAccess access;
  private final NodeNotifier notifier;
  /** Subscriptions one account's JIDs may hold here (issue #23 F9: made-up resources). */
  private final int maxPerAccount;

  SubscriptionLogic(String node, NodeAccess access, NodeNotifier notifier, int maxPerAccount) {
    this.node = node;
    this.access = access;
    this.notifier = notifier;
    this.maxPerAccount = maxPerAccount;
  }

  Decision subscribe(NodeState state, Request cmd, Jid from, String bare, Subscribe r) {
    XmlElement iq = cmd.iq();
    Jid jid = r.jid() == null ? null : Jids.parse(r.jid()).orElse(null);
    if (jid == null || !jid.asBareJid().toString().equals(bare)) {
      return Decision.fail(iq, PubSubError.INVALID_JID);
    }
    NodeConfig config = state.config();
    if (!config.subscribe()) {
      return Decision.fail(iq, PubSubError.unsupported("subscribe"));
    }
    List<NodeSubscription> existing = state.subscriptionsOf(jid.toString());
    if (!existing.isEmpty()) {
      return Decision.ok(iq, NodeXml.pubsub(subscriptionElement(existing.get(0))));
    }
    if (state.subscriptionsOfAccount(bare) >= maxPerAccount) {
      return Decision.fail(iq, PubSubError.TOO_MANY_SUBSCRIPTIONS);
    }
    Affiliation a = access.affiliation(state, bare);
    State subState = State.SUBSCRIBED;
    if (a == Affiliation.OUTCAST || a == Affiliation.PUBLISH_ONLY) {
      return Decision.fail(iq, PubSubError.FORBIDDEN);
    }
    if (!a.bypassesAccessModel()) {
      if (config.accessModel() == AccessModel.AUTHORIZE) {
        subState = State.PENDING;
      } else {
        PubSubError denied = access.verdict(state, bare, cmd.relation());
        if (denied == NodeAccess.NEEDS_RELATION) {
          return access.lookUp(state, bare, cmd::withRelation);
        }
        if (denied != null) {
          return Decision.fail(iq, denied);
        }
      }
    }
    Map<String, String> options = Map.of();
    if (r.options() != null) {
      options = subscribeOptions(r.options());
      if (options == null) {
        return Decision.fail(iq, PubSubError.INVALID_OPTIONS);
      }
    }
    NodeSubscription sub =
        new NodeSubscription(jid.toString(), UUID.randomUUID().toString(), subState, options);
    return new Decision(List.of(new SubscriptionSaved(sub)),
        Stanzas.iqResult(iq, NodeXml.pubsub(subscriptionElement(sub))), () -> {
          if (sub.state() == State.PENDING) {
            notifier.askOwners(state, sub);
          } else if (config.sendLastPublishedItem() != SendLastPublished.NEVER) {
            notifier.sendLast(state, sub.jid());
          }
        });
  }

  Decision unsubscribe(NodeState state, XmlElement iq, String bare, Unsubscribe r) {
    if (r.jid() == null) {
      return Decision.fail(iq, PubSubError.JID_REQUIRED);
    }
    Jid jid = Jids.parse(r.jid()).orElse(null);
    if (jid == null) {
      return Decision.fail(iq, PubSubError.INVALID_JID);
    }
    if (!jid.asBareJid().toString().equals(bare)
        && access.affiliation(state, bare) != Affiliation.OWNER) {
      return Decision.fail(iq, PubSubError.FORBIDDEN);
    }
    NodeSubscription sub = pick(state, jid.toString(), r.subid());
    if (sub == null) {
      return Decision.fail(iq, subscriptionProblem(state, jid.toString(), r.subid()));
    }
    return new Decision(List.of(new SubscriptionRemoved(sub.subid())), Stanzas.iqResult(iq),
        () -> { });
  }

  /** The subscription of {@code jid} meant by {@code subid}, or null (see subscriptionProblem). */
  private static NodeSubscription pick(NodeState state, String jid, String subid) {
    List<NodeSubscription> subs = state.subscriptionsOf(jid);
    if (subid != null) {
      return subs.stream().filter(s -> s.subid().equals(subid)).findFirst().orElse(null);
    }
    return subs.size() == 1 ? subs.get(0) : null;
  }

  private static PubSubError subscriptionProblem(NodeState state, String jid, String subid) {
    List<NodeSubscription> subs = state.subscriptionsOf(jid);
    if (subs.isEmpty()) {
      return PubSubError.NOT_SUBSCRIBED;
    }
    return subid != null ? PubSubError.INVALID_SUBID : PubSubError.SUBID_REQUIRED;
  }

  Decision options(NodeState state, XmlElement iq, String bare, String jidAttr,
      String subid, DataForm form) {
    if (jidAttr == null) {
      return Decision.fail(iq, PubSubError.JID_REQUIRED);
    }
    Jid jid = Jids.parse(jidAttr).orElse(null);
    if (jid == null) {
      return Decision.fail(iq, PubSubError.INVALID_JID);
    }
    if (!jid.asBareJid().toString().equals(bare)
        && access.affiliation(state, bare) != Affiliation.OWNER) {
      return Decision.fail(iq, PubSubError.FORBIDDEN);
    }
    NodeSubscription sub = pick(state, jid.toString(), subid);
    if (sub == null) {
      return Decision.fail(iq, subscriptionProblem(state, jid.toString(), subid));
    }
    if (form == null) {
      XmlElement x = DataForm.builder("form", PubSubNamespaces.SUBSCRIBE_OPTIONS)
          .field("pubsub#deliver", "boolean", "Enable delivery?",
              List.of(sub.deliver() ? "true" : "false"))
          .build();
      return Decision.ok(iq, NodeXml.pubsub(XmlElement.builder("options", PubSubNamespaces.PUBSUB)
          .attr("node", node).attr("jid", sub.jid()).attr("subid", sub.subid()).child(x)));
    }
    Map<String, String> options = subscribeOptions(form);
    if (options == null) {
      return Decision.fail(iq, PubSubError.INVALID_OPTIONS);
    }
    return new Decision(List.of(new SubscriptionSaved(sub.withOptions(options))),
        Stanzas.iqResult(iq), () -> { });
  }

  /** §6.3.5: the options this service supports (pubsub#deliver); null when invalid. */
  private static Map<String, String> subscribeOptions(DataForm form) {
    if (form.formType() != null && !form.formType().equals(PubSubNamespaces.SUBSCRIBE_OPTIONS)) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    for (var e : form.fields().entrySet()) {
      if (!e.getKey().equals("pubsub#deliver")) {
        return null;
      }
      String v = e.getValue().isEmpty() ? "" : e.getValue().get(0).trim();
      try {
        out.put("pubsub#deliver", String.valueOf(NodeConfig.bool(v)));
      } catch (IllegalArgumentException ex) {
        return null;
      }
    }
    return out;
  }

  Decision authorize(NodeState state, Authorize cmd) {
    Jid from = Jids.parse(cmd.from()).orElse(null);
    DataForm form = cmd.message().child("x", PubSubNamespaces.DATA).map(DataForm::parse)
        .orElse(null);
    if (from == null || form == null || !state.exists()
        || access.affiliation(state, from.asBareJid().toString()) != Affiliation.OWNER
        || !PubSubNamespaces.SUBSCRIBE_AUTHORIZATION.equals(form.formType())
        || !"submit".equals(form.type())) {
      return Decision.nothing();
    }
    String subid = form.value("pubsub#subid");
    String jid = form.value("pubsub#subscriber_jid");
    NodeSubscription sub = null;
    for (NodeSubscription s : state.subscriptions().values()) {
      if (s.state() == State.PENDING && (s.subid().equals(subid) || (subid == null
          && s.jid().equals(jid)))) {
        sub = s;
        break;
      }
    }
    if (sub == null) {
      return Decision.nothing();
    }
    boolean allow;
    try {
      allow = NodeConfig.bool(String.valueOf(form.value("pubsub#allow")).trim());
    } catch (IllegalArgumentException e) {
      return Decision.nothing();
    }
    NodeSubscription decided = sub;
    if (allow) {
      NodeSubscription approved = sub.withState(State.SUBSCRIBED);
      return new Decision(List.of(new SubscriptionSaved(approved)), null, () -> {
        notifier.tellSubscriber(approved, "subscribed");
        if (state.config().sendLastPublishedItem() != SendLastPublished.NEVER) {
          notifier.sendLast(state, approved.jid());
        }
      });
    }
    return new Decision(List.of(new SubscriptionRemoved(sub.subid())), null,
        () -> notifier.tellSubscriber(decided, "none"));
  }

  Decision sendLastItem(NodeState state, SendLastItem cmd) {
    if (!state.exists() || state.lastItem() == null
        || state.config().sendLastPublishedItem() != SendLastPublished.ON_SUB_AND_PRESENCE) {
      return Decision.nothing();
    }
    Jid to = Jids.parse(cmd.to()).orElse(null);
    if (to == null) {
      return Decision.nothing();
    }
    String bare = to.asBareJid().toString();
    PubSubError denied = access.retrieveVerdict(state, bare, cmd.relation());
    if (denied == NodeAccess.NEEDS_RELATION) {
      return access.lookUp(state, bare, r -> new SendLastItem(cmd.to(), r));
    }
    if (denied != null) {
      return Decision.nothing();
    }
    return new Decision(List.of(), null, () -> notifier.sendLast(state, cmd.to()));
  }

  Decision userSubscriptions(NodeState state, XmlElement iq, String bare) {
    XmlElement.Builder subs = XmlElement.builder("subscriptions", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    for (NodeSubscription s : state.subscriptions().values()) {
      if (NodeAccess.bareOf(s.jid()).equals(bare)) {
        subs.child(subscriptionElement(s));
      }
    }
    return Decision.ok(iq, NodeXml.pubsub(subs));
  }

  Decision ownerSubscriptions(NodeState state, XmlElement iq) {
    XmlElement.Builder subs = XmlElement.builder("subscriptions", PubSubNamespaces.OWNER)
        .attr("node", node);
    for (NodeSubscription s : state.subscriptions().values()) {
      subs.child(XmlElement.builder("subscription", PubSubNamespaces.OWNER).attr("jid", s.jid())
          .attr("subscription", s.state().xml()).attr("subid", s.subid()));
    }
    return Decision.ok(iq, NodeXml.owner(subs));
  }

  Decision setSubscriptions(NodeState state, XmlElement iq, OwnerSubscriptionsSet r) {
    List<Event> events = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    for (XmlElement e : r.entries()) {
      Jid jid = e.attr("jid") == null ? null : Jids.parse(e.attr("jid")).orElse(null);
      String wanted = e.attr("subscription");
      if (jid == null || wanted == null) {
        return Decision.fail(iq, PubSubError.BAD_REQUEST);
      }
      List<NodeSubscription> subs = state.subscriptionsOf(jid.toString());
      String subid = e.attr("subid");
      switch (wanted) {
        case "none" -> {
          for (NodeSubscription s : subs) {
            if (subid == null || s.subid().equals(subid)) {
              events.add(new SubscriptionRemoved(s.subid()));
              after.add(() -> notifier.tellSubscriber(s, "none"));
            }
          }
        }
        case "subscribed", "pending" -> {
          State st = wanted.equals("subscribed") ? State.SUBSCRIBED : State.PENDING;
          NodeSubscription s = subs.stream()
              .filter(x -> subid == null || x.subid().equals(subid)).findFirst()
              .map(x -> x.withState(st))
              .orElse(new NodeSubscription(jid.toString(), UUID.randomUUID().toString(), st,
                  Map.of()));
          events.add(new SubscriptionSaved(s));
          after.add(() -> notifier.tellSubscriber(s, st.xml()));
        }
        default -> {
          return Decision.fail(iq, PubSubError.BAD_REQUEST);
        }
      }
    }
    return new Decision(events, Stanzas.iqResult(iq), () -> after.forEach(Runnable::run));
  }

  private XmlElement subscriptionElement(NodeSubscription s) {
    return XmlElement.builder("subscription", PubSubNamespaces.PUBSUB).attr("node", node)
        .attr("jid", s.jid()).attr("subid", s.subid()).attr("subscription", s.state().xml())
        .build();
  }
}
