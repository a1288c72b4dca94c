package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.NodeConfig.SendLastPublished;
import io.switchboard.sharding.pubsub.NodeSubscription.State;
import io.switchboard.sharding.pubsub.PubSubNode.AffiliationSet;
import io.switchboard.sharding.pubsub.PubSubNode.Authorize;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.ItemRetracted;
import io.switchboard.sharding.pubsub.PubSubNode.NodeConfigured;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.NodeDeleted;
import io.switchboard.sharding.pubsub.PubSubNode.NodePurged;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.pubsub.PubSubNode.SendLastItem;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionSaved;
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
import io.switchboard.sharding.stanza.Stanzas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * What a {@link PubSubNode} does with each request, given its state: the events to persist, the
 * answer, and what to do once persisted (notifications, registry updates). Rules and error
 * conditions follow XEP-0060 section by section; the section is named at each rule. Kept apart
 * from the entity so the behavior class holds only wiring.
 */
final class NodeLogic {

  /** Events to persist, the answer (null: none) and the work to run after persisting. */
  record Decision(List<Event> events, XmlElement reply, Runnable after) {
    static Decision answer(XmlElement reply) {
      return new Decision(List.of(), reply, () -> { });
    }

    static Decision nothing() {
      return new Decision(List.of(), null, () -> { });
    }
  }

  /**
   * A notification: {@code message} (from set) to each of {@code recipients}, plus, on a PEP node
   * when {@code includePepAudience}, the owner's audience that {@code audienceFilter} accepts.
   */
  record Notification(XmlElement message, List<String> recipients, boolean includePepAudience,
      Predicate<String> audienceFilter) {}

  /** Sentinel: the access decision needs the owner's roster. */
  private static final PubSubError NEEDS_RELATION =
      new PubSubError("wait", "internal-server-error", null, null);

  private final String service;
  private final String node;
  private final EntityBareJid pepOwner;
  private final PubSubSettings settings;
  private final PubSubNode.Deps deps;
  private final Consumer<Notification> fanOut;
  private final BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe;

  NodeLogic(String service, String node, EntityBareJid pepOwner, PubSubSettings settings,
      PubSubNode.Deps deps, Consumer<Notification> fanOut,
      BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe) {
    this.service = service;
    this.node = node;
    this.pepOwner = pepOwner;
    this.settings = settings;
    this.deps = deps;
    this.fanOut = fanOut;
    this.pipe = pipe;
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  Decision decide(NodeState state, Request cmd) {
    XmlElement iq = cmd.iq();
    Jid from = Jids.parse(cmd.from()).orElse(null);
    if (from == null) {
      return fail(iq, PubSubError.of("modify", "jid-malformed"));
    }
    String bare = from.asBareJid().toString();
    PubSubRequest req = PubSubRequest.parse(iq);
    if (req instanceof Invalid r) {
      return fail(iq, r.error());
    }
    if (req instanceof DefaultConfig) {
      return ok(iq, XmlElement.builder("pubsub", PubSubNamespaces.OWNER)
          .child(XmlElement.builder("default", PubSubNamespaces.OWNER).child(defaults().toForm("form")))
          .build());
    }
    if (req instanceof Create r) {
      return create(state, iq, from, bare, r);
    }
    if (req instanceof Publish r) {
      return publish(state, iq, from, bare, r);
    }
    if (!state.exists()) {
      return fail(iq, PubSubError.ITEM_NOT_FOUND);
    }
    if (req instanceof ConfigureGet) {
      return ownerOnly(state, iq, bare, () -> ok(iq, owner(XmlElement.builder("configure",
          PubSubNamespaces.OWNER).attr("node", node).child(state.config().toForm("form")))));
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
      return subscribe(state, cmd, from, bare, r);
    }
    if (req instanceof Unsubscribe r) {
      return unsubscribe(state, iq, bare, r);
    }
    if (req instanceof OptionsGet r) {
      return options(state, iq, bare, r.jid(), r.subid(), null);
    }
    if (req instanceof OptionsSet r) {
      return options(state, iq, bare, r.jid(), r.subid(), r.form());
    }
    if (req instanceof Items r) {
      return items(state, cmd, bare, r);
    }
    if (req instanceof Retract r) {
      return retract(state, iq, bare, r);
    }
    if (req instanceof UserSubscriptions) {
      return userSubscriptions(state, iq, bare);
    }
    if (req instanceof UserAffiliations) {
      Affiliation a = affiliation(state, bare);
      XmlElement.Builder affs = XmlElement.builder("affiliations", PubSubNamespaces.PUBSUB)
          .attr("node", node);
      if (a != Affiliation.NONE) {
        affs.child(XmlElement.builder("affiliation", PubSubNamespaces.PUBSUB).attr("node", node)
            .attr("affiliation", a.xml()));
      }
      return ok(iq, pubsub(affs));
    }
    if (req instanceof OwnerSubscriptionsGet) {
      return ownerOnly(state, iq, bare, () -> ownerSubscriptions(state, iq));
    }
    if (req instanceof OwnerSubscriptionsSet r) {
      return ownerOnly(state, iq, bare, () -> setSubscriptions(state, iq, r));
    }
    if (req instanceof OwnerAffiliationsGet) {
      return ownerOnly(state, iq, bare, () -> ownerAffiliations(state, iq));
    }
    if (req instanceof OwnerAffiliationsSet r) {
      return ownerOnly(state, iq, bare, () -> setAffiliations(state, iq, r));
    }
    if (req instanceof DiscoInfo) {
      // Those the access model keeps out do not learn the node's metadata either; an authorize
      // node stays visible, since asking to subscribe is how one gets in.
      PubSubError denied = access(state, bare, cmd.relation());
      if (denied == NEEDS_RELATION) {
        return lookUpRelation(state, bare, cmd::withRelation);
      }
      return denied != null ? fail(iq, denied) : ok(iq, discoInfo(state));
    }
    if (req instanceof DiscoItems) {
      return discoItems(state, cmd, bare);
    }
    return fail(iq, PubSubError.BAD_REQUEST);
  }

  // ---------------------------------------------------------------------------------------------
  // §8.1 create, §8.2 configure, §8.4 delete, §8.5 purge

  private Decision create(NodeState state, XmlElement iq, Jid from, String bare, Create r) {
    if (!mayCreate(from, bare)) {
      return fail(iq, PubSubError.FORBIDDEN);
    }
    if (state.exists()) {
      return fail(iq, PubSubError.CONFLICT);
    }
    NodeConfig config = defaults();
    if (r.config() != null) {
      if (r.config().formType() != null
          && !r.config().formType().equals(PubSubNamespaces.NODE_CONFIG)) {
        return fail(iq, PubSubError.NOT_ACCEPTABLE);
      }
      NodeConfig.Applied applied = config.withForm(r.config(), settings.maxItemsLimit());
      if (!applied.ok()) {
        return fail(iq, PubSubError.NOT_ACCEPTABLE);
      }
      config = applied.config();
    }
    String owner = pepOwner != null ? pepOwner.toString() : bare;
    XmlElement reply = Stanzas.result(iq, pubsub(XmlElement.builder("create",
        PubSubNamespaces.PUBSUB).attr("node", node)));
    return new Decision(List.of(new NodeCreated(config, owner, deps.clock().instant())), reply,
        () -> deps.registry().created(service, node));
  }

  /** PEP: only the account. Service: the creation policy. */
  private boolean mayCreate(Jid from, String bare) {
    if (pepOwner != null) {
      return bare.equals(pepOwner.toString());
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
      return ok(iq, null);
    }
    if (form.formType() != null && !form.formType().equals(PubSubNamespaces.NODE_CONFIG)) {
      return fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    NodeConfig.Applied applied = state.config().withForm(form, settings.maxItemsLimit());
    if (!applied.ok()) {
      return fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    NodeConfig config = applied.config();
    List<Event> events = new ArrayList<>();
    events.add(new NodeConfigured(config));
    // §4.5: a node closed to a whitelist keeps only the subscriptions of its affiliates.
    List<NodeSubscription> dropped = new ArrayList<>();
    if (config.accessModel() == AccessModel.WHITELIST
        && state.config().accessModel() != AccessModel.WHITELIST) {
      for (NodeSubscription sub : state.subscriptions().values()) {
        if (!affiliation(state, bareOf(sub.jid())).bypassesAccessModel()) {
          dropped.add(sub);
          events.add(new SubscriptionRemoved(sub.subid()));
        }
      }
    }
    return new Decision(events, Stanzas.result(iq), () -> {
      dropped.forEach(sub -> tellSubscriber(sub, "none"));
      if (config.notifyConfig() && config.deliverNotifications()) {
        NodeState after = state;
        for (Event e : events) {
          after = after.apply(e);
        }
        notifySubscribers(after, config,
            NodeXml.configurationEvent(node, config, config.deliverPayloads()));
      }
    });
  }

  private Decision delete(NodeState state, XmlElement iq, Delete r) {
    NodeConfig config = state.config();
    return new Decision(List.of(NodeDeleted.INSTANCE), Stanzas.result(iq), () -> {
      if (config.notifyDelete()) {
        notifySubscribers(state, config, NodeXml.deleteEvent(node, r.redirect()));
      }
      deps.registry().deleted(service, node);
    });
  }

  private Decision purge(NodeState state, XmlElement iq) {
    NodeConfig config = state.config();
    if (!config.persistItems()) {
      return fail(iq, PubSubError.unsupported("persistent-items"));
    }
    return new Decision(List.of(NodePurged.INSTANCE), Stanzas.result(iq), () -> {
      if (config.deliverNotifications()) {
        notifySubscribers(state, config, NodeXml.purgeEvent(node));
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // §7.1 publish (with §7.1.5 publish-options and XEP-0163 auto-create), §7.2 retract

  private Decision publish(NodeState state, XmlElement iq, Jid from, String bare, Publish r) {
    List<Event> events = new ArrayList<>();
    NodeConfig config;
    NodeState current = state;
    if (!state.exists()) {
      if (pepOwner == null) {
        return fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      if (!bare.equals(pepOwner.toString())) {
        return fail(iq, PubSubError.FORBIDDEN);
      }
      config = NodeConfig.pepDefaults();
      if (r.options() != null) {
        NodeConfig.Applied applied = config.withForm(r.options(), settings.maxItemsLimit());
        if (!applied.ok() || !applied.config().satisfies(r.options(), settings.maxItemsLimit())) {
          return fail(iq, PubSubError.PRECONDITION_NOT_MET);
        }
        config = applied.config();
      }
      NodeCreated created = new NodeCreated(config, pepOwner.toString(), deps.clock().instant());
      events.add(created);
      current = state.apply(created);
    } else {
      config = state.config();
      if (!mayPublish(state, bare)) {
        return fail(iq, PubSubError.FORBIDDEN);
      }
      if (r.options() != null && !config.satisfies(r.options(), settings.maxItemsLimit())) {
        return fail(iq, PubSubError.PRECONDITION_NOT_MET);
      }
    }
    // §7.1.3.6: the request must match the node's event type.
    if (r.items() > 1) {
      return fail(iq, PubSubError.INVALID_PAYLOAD);
    }
    Item item = null;
    if (r.item() == null) {
      if (config.persistItems()) {
        return fail(iq, PubSubError.ITEM_REQUIRED);
      }
      if (config.deliverPayloads()) {
        return fail(iq, PubSubError.PAYLOAD_REQUIRED);
      }
    } else {
      List<XmlElement> payload = r.item().elements();
      if (payload.size() > 1) {
        return fail(iq, PubSubError.INVALID_PAYLOAD);
      }
      if (!config.persistItems() && !config.deliverPayloads()) {
        return fail(iq, PubSubError.ITEM_FORBIDDEN);
      }
      if (payload.isEmpty() && config.deliverPayloads()) {
        return fail(iq, PubSubError.PAYLOAD_REQUIRED);
      }
      if (!payload.isEmpty() && !config.payloadType().isEmpty()
          && !payload.get(0).namespace().equals(config.payloadType())) {
        return fail(iq, PubSubError.INVALID_PAYLOAD);
      }
      String id = r.item().attr("id");
      if (id == null || id.isEmpty()) {
        id = UUID.randomUUID().toString();
      }
      item = new Item(id, from.toString(), payload.isEmpty() ? null : payload.get(0),
          deps.clock().instant());
      if (config.persistItems()) {
        events.add(new ItemPublished(item));
      }
    }
    XmlElement.Builder published = XmlElement.builder("publish", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    if (item != null) {
      published.child(XmlElement.builder("item", PubSubNamespaces.PUBSUB).attr("id", item.id()));
    }
    XmlElement reply = Stanzas.result(iq, pubsub(published));
    NodeConfig finalConfig = config;
    NodeState before = current;
    List<Item> notified = item == null ? List.of() : List.of(item);
    boolean created = !state.exists();
    return new Decision(events, reply, () -> {
      if (created) {
        deps.registry().created(service, node);
      }
      if (finalConfig.deliverNotifications()) {
        notifySubscribers(before, finalConfig,
            NodeXml.itemsEvent(node, notified, finalConfig.deliverPayloads()));
      }
    });
  }

  /** §4.1 table, by pubsub#publish_model. */
  private boolean mayPublish(NodeState state, String bare) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
      return false;
    }
    if (a == Affiliation.OWNER || a == Affiliation.PUBLISHER || a == Affiliation.PUBLISH_ONLY) {
      return true;
    }
    return switch (state.config().publishModel()) {
      case PUBLISHERS -> false;
      case SUBSCRIBERS -> state.subscriptions().values().stream()
          .anyMatch(s -> s.state() == State.SUBSCRIBED && bareOf(s.jid()).equals(bare));
      case OPEN -> true;
    };
  }

  private Decision retract(NodeState state, XmlElement iq, String bare, Retract r) {
    NodeConfig config = state.config();
    if (!config.persistItems()) {
      return fail(iq, PubSubError.unsupported("persistent-items"));
    }
    Affiliation a = affiliation(state, bare);
    List<Event> events = new ArrayList<>();
    for (String id : r.ids()) {
      Item item = state.item(id);
      if (item == null) {
        return fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      boolean own = bareOf(item.publisher()).equals(bare);
      if (a != Affiliation.OWNER && a != Affiliation.PUBLISHER && !own) {
        return fail(iq, PubSubError.FORBIDDEN);
      }
      events.add(new ItemRetracted(id));
    }
    return new Decision(events, Stanzas.result(iq), () -> {
      if ((config.notifyRetract() || r.notifyRequested()) && config.deliverNotifications()) {
        notifySubscribers(state, config, NodeXml.retractEvent(node, r.ids()));
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // §6.1 subscribe, §6.2 unsubscribe, §6.3 options, §6.5 items, §8.6 authorize

  private Decision subscribe(NodeState state, Request cmd, Jid from, String bare, Subscribe r) {
    XmlElement iq = cmd.iq();
    Jid jid = r.jid() == null ? null : Jids.parse(r.jid()).orElse(null);
    if (jid == null || !jid.asBareJid().toString().equals(bare)) {
      return fail(iq, PubSubError.INVALID_JID);
    }
    NodeConfig config = state.config();
    if (!config.subscribe()) {
      return fail(iq, PubSubError.unsupported("subscribe"));
    }
    List<NodeSubscription> existing = state.subscriptionsOf(jid.toString());
    if (!existing.isEmpty()) {
      return ok(iq, pubsub(subscriptionElement(existing.get(0))));
    }
    Affiliation a = affiliation(state, bare);
    State subState = State.SUBSCRIBED;
    if (a == Affiliation.OUTCAST) {
      return fail(iq, PubSubError.FORBIDDEN);
    }
    if (!a.bypassesAccessModel()) {
      if (config.accessModel() == AccessModel.AUTHORIZE) {
        subState = State.PENDING;
      } else {
        PubSubError denied = access(state, bare, cmd.relation());
        if (denied == NEEDS_RELATION) {
          return lookUpRelation(state, bare, cmd::withRelation);
        }
        if (denied != null) {
          return fail(iq, denied);
        }
      }
    }
    Map<String, String> options = Map.of();
    if (r.options() != null) {
      options = subscribeOptions(r.options());
      if (options == null) {
        return fail(iq, PubSubError.INVALID_OPTIONS);
      }
    }
    NodeSubscription sub =
        new NodeSubscription(jid.toString(), UUID.randomUUID().toString(), subState, options);
    return new Decision(List.of(new SubscriptionSaved(sub)),
        Stanzas.result(iq, pubsub(subscriptionElement(sub))), () -> {
          if (sub.state() == State.PENDING) {
            askOwners(state, sub);
          } else if (config.sendLastPublishedItem() != SendLastPublished.NEVER) {
            sendLast(state, sub.jid());
          }
        });
  }

  private Decision unsubscribe(NodeState state, XmlElement iq, String bare, Unsubscribe r) {
    if (r.jid() == null) {
      return fail(iq, PubSubError.JID_REQUIRED);
    }
    Jid jid = Jids.parse(r.jid()).orElse(null);
    if (jid == null) {
      return fail(iq, PubSubError.INVALID_JID);
    }
    if (!jid.asBareJid().toString().equals(bare) && affiliation(state, bare) != Affiliation.OWNER) {
      return fail(iq, PubSubError.FORBIDDEN);
    }
    NodeSubscription sub = pick(state, jid.toString(), r.subid());
    if (sub == null) {
      return fail(iq, subscriptionProblem(state, jid.toString(), r.subid()));
    }
    return new Decision(List.of(new SubscriptionRemoved(sub.subid())), Stanzas.result(iq),
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

  private Decision options(NodeState state, XmlElement iq, String bare, String jidAttr,
      String subid, DataForm form) {
    if (jidAttr == null) {
      return fail(iq, PubSubError.JID_REQUIRED);
    }
    Jid jid = Jids.parse(jidAttr).orElse(null);
    if (jid == null) {
      return fail(iq, PubSubError.INVALID_JID);
    }
    if (!jid.asBareJid().toString().equals(bare) && affiliation(state, bare) != Affiliation.OWNER) {
      return fail(iq, PubSubError.FORBIDDEN);
    }
    NodeSubscription sub = pick(state, jid.toString(), subid);
    if (sub == null) {
      return fail(iq, subscriptionProblem(state, jid.toString(), subid));
    }
    if (form == null) {
      XmlElement x = DataForm.builder("form", PubSubNamespaces.SUBSCRIBE_OPTIONS)
          .field("pubsub#deliver", "boolean", "Enable delivery?",
              List.of(sub.deliver() ? "true" : "false"))
          .build();
      return ok(iq, pubsub(XmlElement.builder("options", PubSubNamespaces.PUBSUB)
          .attr("node", node).attr("jid", sub.jid()).attr("subid", sub.subid()).child(x)));
    }
    Map<String, String> options = subscribeOptions(form);
    if (options == null) {
      return fail(iq, PubSubError.INVALID_OPTIONS);
    }
    return new Decision(List.of(new SubscriptionSaved(sub.withOptions(options))),
        Stanzas.result(iq), () -> { });
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

  private Decision items(NodeState state, Request cmd, String bare, Items r) {
    XmlElement iq = cmd.iq();
    PubSubError denied = retrieveAccess(state, bare, cmd.relation());
    if (denied == NEEDS_RELATION) {
      return lookUpRelation(state, bare, cmd::withRelation);
    }
    if (denied != null) {
      return fail(iq, denied);
    }
    if (!state.config().persistItems()) {
      // §6.5.9.x: a transient node keeps no items to retrieve.
      return fail(iq, PubSubError.unsupported("persistent-items"));
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
        return fail(iq, PubSubError.ITEM_NOT_FOUND);
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
        return fail(iq, PubSubError.ITEM_NOT_FOUND);
      }
      selected = page.items();
      rsmSet = page.set();
    }
    XmlElement.Builder items = XmlElement.builder("items", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    for (Item i : selected) {
      items.child(NodeXml.item(PubSubNamespaces.PUBSUB, i, true));
    }
    XmlElement.Builder p = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).child(items);
    if (rsmSet != null) {
      p.child(rsmSet);
    }
    return ok(iq, p.build());
  }

  /** §6.5.x: may {@code bare} retrieve items? Adds the authorize rule to {@link #access}. */
  private PubSubError retrieveAccess(NodeState state, String bare, Relation relation) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
      return PubSubError.FORBIDDEN;
    }
    if (a.bypassesAccessModel()) {
      return null;
    }
    if (state.config().accessModel() == AccessModel.AUTHORIZE) {
      boolean subscribed = state.subscriptions().values().stream()
          .anyMatch(s -> s.state() == State.SUBSCRIBED && bareOf(s.jid()).equals(bare));
      return subscribed ? null : PubSubError.NOT_SUBSCRIBED_AUTH;
    }
    return access(state, bare, relation);
  }

  Decision authorize(NodeState state, Authorize cmd) {
    Jid from = Jids.parse(cmd.from()).orElse(null);
    DataForm form = cmd.message().child("x", PubSubNamespaces.DATA).map(DataForm::parse)
        .orElse(null);
    if (from == null || form == null || !state.exists()
        || affiliation(state, from.asBareJid().toString()) != Affiliation.OWNER
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
        tellSubscriber(approved, "subscribed");
        if (state.config().sendLastPublishedItem() != SendLastPublished.NEVER) {
          sendLast(state, approved.jid());
        }
      });
    }
    return new Decision(List.of(new SubscriptionRemoved(sub.subid())), null,
        () -> tellSubscriber(decided, "none"));
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
    PubSubError denied = retrieveAccess(state, bare, cmd.relation());
    if (denied == NEEDS_RELATION) {
      return lookUpRelation(state, bare, r -> new SendLastItem(cmd.to(), r));
    }
    if (denied != null) {
      return Decision.nothing();
    }
    return new Decision(List.of(), null, () -> sendLast(state, cmd.to()));
  }

  // ---------------------------------------------------------------------------------------------
  // §5.6/§5.7 (node-scoped), §8.8 and §8.9 owner management

  private Decision userSubscriptions(NodeState state, XmlElement iq, String bare) {
    XmlElement.Builder subs = XmlElement.builder("subscriptions", PubSubNamespaces.PUBSUB)
        .attr("node", node);
    for (NodeSubscription s : state.subscriptions().values()) {
      if (bareOf(s.jid()).equals(bare)) {
        subs.child(subscriptionElement(s));
      }
    }
    return ok(iq, pubsub(subs));
  }

  private Decision ownerSubscriptions(NodeState state, XmlElement iq) {
    XmlElement.Builder subs = XmlElement.builder("subscriptions", PubSubNamespaces.OWNER)
        .attr("node", node);
    for (NodeSubscription s : state.subscriptions().values()) {
      subs.child(XmlElement.builder("subscription", PubSubNamespaces.OWNER).attr("jid", s.jid())
          .attr("subscription", s.state().xml()).attr("subid", s.subid()));
    }
    return ok(iq, owner(subs));
  }

  private Decision setSubscriptions(NodeState state, XmlElement iq, OwnerSubscriptionsSet r) {
    List<Event> events = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    for (XmlElement e : r.entries()) {
      Jid jid = e.attr("jid") == null ? null : Jids.parse(e.attr("jid")).orElse(null);
      String wanted = e.attr("subscription");
      if (jid == null || wanted == null) {
        return fail(iq, PubSubError.BAD_REQUEST);
      }
      List<NodeSubscription> subs = state.subscriptionsOf(jid.toString());
      String subid = e.attr("subid");
      switch (wanted) {
        case "none" -> {
          for (NodeSubscription s : subs) {
            if (subid == null || s.subid().equals(subid)) {
              events.add(new SubscriptionRemoved(s.subid()));
              after.add(() -> tellSubscriber(s, "none"));
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
          after.add(() -> tellSubscriber(s, st.xml()));
        }
        default -> {
          return fail(iq, PubSubError.BAD_REQUEST);
        }
      }
    }
    return new Decision(events, Stanzas.result(iq), () -> after.forEach(Runnable::run));
  }

  private Decision ownerAffiliations(NodeState state, XmlElement iq) {
    XmlElement.Builder affs = XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node);
    for (var e : state.affiliations().entrySet()) {
      affs.child(XmlElement.builder("affiliation", PubSubNamespaces.OWNER).attr("jid", e.getKey())
          .attr("affiliation", e.getValue().xml()));
    }
    return ok(iq, owner(affs));
  }

  private Decision setAffiliations(NodeState state, XmlElement iq, OwnerAffiliationsSet r) {
    List<Event> events = new ArrayList<>();
    NodeState next = state;
    for (XmlElement e : r.entries()) {
      Jid jid = e.attr("jid") == null ? null : Jids.parse(e.attr("jid")).orElse(null);
      Affiliation a = Affiliation.fromXml(e.attr("affiliation")).orElse(null);
      if (jid == null || a == null) {
        return fail(iq, PubSubError.BAD_REQUEST);
      }
      String bare = jid.asBareJid().toString();
      List<Event> add = new ArrayList<>();
      add.add(new AffiliationSet(bare, a));
      if (a == Affiliation.OUTCAST) {
        for (NodeSubscription s : next.subscriptions().values()) {
          if (bareOf(s.jid()).equals(bare)) {
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
      return fail(iq, PubSubError.NOT_ACCEPTABLE);
    }
    return new Decision(events, Stanzas.result(iq), () -> { });
  }

  // ---------------------------------------------------------------------------------------------
  // Disco (XEP-0030 on a node, XEP-0060 §5.3–§5.5)

  private XmlElement discoInfo(NodeState state) {
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

  private Decision discoItems(NodeState state, Request cmd, String bare) {
    PubSubError denied = retrieveAccess(state, bare, cmd.relation());
    if (denied == NEEDS_RELATION) {
      return lookUpRelation(state, bare, cmd::withRelation);
    }
    if (denied != null) {
      return fail(cmd.iq(), denied);
    }
    XmlElement.Builder q = XmlElement.builder("query", PubSubNamespaces.DISCO_ITEMS)
        .attr("node", node);
    List<Item> newestFirst = new ArrayList<>(state.items());
    Collections.reverse(newestFirst);
    for (Item i : newestFirst) {
      q.child(XmlElement.builder("item", PubSubNamespaces.DISCO_ITEMS).attr("jid", service)
          .attr("name", i.id()));
    }
    return ok(cmd.iq(), q.build());
  }

  private static XmlElement feature(String var) {
    return XmlElement.builder("feature", PubSubNamespaces.DISCO_INFO).attr("var", var).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Access (§4.5) and affiliation

  Affiliation affiliation(NodeState state, String bare) {
    if (pepOwner != null && bare.equals(pepOwner.toString())) {
      return Affiliation.OWNER;
    }
    return state.affiliations().getOrDefault(bare, Affiliation.NONE);
  }

  /**
   * The access model's verdict for a requester without a bypassing affiliation: null when
   * allowed, {@link #NEEDS_RELATION} when the owner's roster must be asked first.
   */
  private PubSubError access(NodeState state, String bare, Relation relation) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
      return PubSubError.FORBIDDEN;
    }
    if (a.bypassesAccessModel()) {
      return null;
    }
    NodeConfig c = state.config();
    return switch (c.accessModel()) {
      case OPEN, AUTHORIZE -> null;
      case PRESENCE -> relation == null ? NEEDS_RELATION
          : relation.subscribedFrom() ? null : PubSubError.PRESENCE_REQUIRED;
      case ROSTER -> relation == null ? NEEDS_RELATION
          : relation.groups().stream().anyMatch(c.rosterGroupsAllowed()::contains)
              ? null : PubSubError.NOT_IN_ROSTER_GROUP;
      case WHITELIST -> PubSubError.CLOSED_NODE;
    };
  }

  private Decision lookUpRelation(NodeState state, String bare,
      Function<Relation, Command> then) {
    EntityBareJid owner = pepOwner;
    if (owner == null) {
      for (var e : state.affiliations().entrySet()) {
        if (e.getValue() == Affiliation.OWNER) {
          owner = Jids.parse(e.getKey()).map(Jid::asEntityBareJidIfPossible).orElse(null);
          if (owner != null) {
            break;
          }
        }
      }
    }
    CompletionStage<Relation> answer;
    if (owner == null) {
      answer = CompletableFuture.completedFuture(Relation.NONE);
    } else {
      try {
        answer = deps.relations().relation(owner, Jids.parse(bare).orElseThrow().asBareJid());
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
    }
    pipe.accept(answer, then);
    return Decision.nothing();
  }

  // ---------------------------------------------------------------------------------------------
  // Notifications

  /** An event notification to every subscriber that wants it (and, PEP, the owner's audience). */
  private void notifySubscribers(NodeState state, NodeConfig config, XmlElement eventChild) {
    List<String> recipients = new ArrayList<>();
    for (NodeSubscription s : state.subscriptions().values()) {
      if (s.state() == State.SUBSCRIBED && s.deliver()) {
        recipients.add(s.jid());
      }
    }
    XmlElement message = NodeXml.eventMessage(service, config.notificationType(),
        UUID.randomUUID().toString(), eventChild);
    fanOut.accept(new Notification(message, List.copyOf(recipients), pepOwner != null,
        jid -> audienceMaySee(state, config, jid)));
  }

  /**
   * PEP audience filter: the audience is the owner's presence subscribers, so open and presence
   * nodes reach all of it; roster, whitelist and authorize nodes only the owner and affiliates
   * (explicit subscribers are notified anyway).
   */
  private boolean audienceMaySee(NodeState state, NodeConfig config, String jid) {
    Affiliation a = affiliation(state, bareOf(jid));
    if (a == Affiliation.OUTCAST) {
      return false;
    }
    if (a.bypassesAccessModel()) {
      return true;
    }
    return config.accessModel() == AccessModel.OPEN
        || config.accessModel() == AccessModel.PRESENCE;
  }

  /** The last item to one JID, with an XEP-0203 delay (§6.1.7 / XEP-0163 §4.3.2). */
  private void sendLast(NodeState state, String to) {
    Item last = state.lastItem();
    if (last == null) {
      return;
    }
    NodeConfig c = state.config();
    XmlElement message = NodeXml.eventMessage(service, c.notificationType(),
        UUID.randomUUID().toString(), NodeXml.itemsEvent(node, List.of(last), c.deliverPayloads()))
        .withAttribute("to", to);
    deps.routing().route(Stanzas.withDelay(message, service, last.stamp()));
  }

  private void askOwners(NodeState state, NodeSubscription sub) {
    List<String> owners = new ArrayList<>();
    if (pepOwner != null) {
      owners.add(pepOwner.toString());
    }
    state.affiliations().forEach((jid, a) -> {
      if (a == Affiliation.OWNER && !owners.contains(jid)) {
        owners.add(jid);
      }
    });
    for (String owner : owners) {
      deps.routing().route(NodeXml.authorizationRequest(service, owner, node, sub,
          UUID.randomUUID().toString()));
    }
  }

  private void tellSubscriber(NodeSubscription sub, String state) {
    deps.routing().route(NodeXml.subscriptionMessage(service, sub.jid(), node, sub.jid(), state,
        sub.subid(), UUID.randomUUID().toString()));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private XmlElement subscriptionElement(NodeSubscription s) {
    return XmlElement.builder("subscription", PubSubNamespaces.PUBSUB).attr("node", node)
        .attr("jid", s.jid()).attr("subid", s.subid()).attr("subscription", s.state().xml())
        .build();
  }

  private Decision ownerOnly(NodeState state, XmlElement iq, String bare,
      java.util.function.Supplier<Decision> then) {
    return affiliation(state, bare) == Affiliation.OWNER ? then.get()
        : fail(iq, PubSubError.FORBIDDEN);
  }

  private static XmlElement pubsub(XmlElement.Builder child) {
    return XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).child(child).build();
  }

  private static XmlElement pubsub(XmlElement child) {
    return XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).child(child).build();
  }

  private static XmlElement owner(XmlElement.Builder child) {
    return XmlElement.builder("pubsub", PubSubNamespaces.OWNER).child(child).build();
  }

  private static Decision ok(XmlElement iq, XmlElement payload) {
    return Decision.answer(payload == null ? Stanzas.result(iq) : Stanzas.result(iq, payload));
  }

  private static Decision fail(XmlElement iq, PubSubError error) {
    return Decision.answer(error.answer(iq));
  }

  private static String bareOf(String jid) {
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }

  private static List<String> list(String s) {
    return s.isEmpty() ? List.of() : List.of(s);
  }
}
