package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubRequest.Create;
import io.switchboard.sharding.pubsub.PubSubRequest.DefaultConfig;
import io.switchboard.sharding.pubsub.PubSubRequest.DiscoInfo;
import io.switchboard.sharding.pubsub.PubSubRequest.DiscoItems;
import io.switchboard.sharding.pubsub.PubSubRequest.Invalid;
import io.switchboard.sharding.pubsub.PubSubRequest.UserAffiliations;
import io.switchboard.sharding.pubsub.PubSubRequest.UserSubscriptions;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XEP-0060 service at {@code pubsub.<domain>} and the XEP-0163 PEP entry points of every
 * account. It answers service-level requests itself (disco of the service, default
 * configuration, instant node names) and hands every node request to that node's
 * {@link PubSubNode} entity, routing the entity's answer back through the {@code replies} it was
 * given. It holds no state and never blocks: entity answers arrive asynchronously.
 *
 * <p>Create it with {@link #init}; give it to the Router as the handler of the pub-sub service
 * domain ({@link #handle}); call {@link #handlePep} for pub-sub IQs (and authorization answers)
 * addressed to a user's bare JID, {@link #contactOnline} when a contact's available presence
 * reaches an account, and {@link #accountDeleted} when an account goes away. {@link #ask} answers
 * an IQ without routing the answer (for the HTTP API, which publishes as the service's own JID).
 */
public final class PubSubService implements ServerHandler, io.switchboard.sharding.pep.PepHandler {
  private static final Logger log = LoggerFactory.getLogger(PubSubService.class);

  private static final String PING = "urn:xmpp:ping";

  /** Features of {@code pubsub.<domain>}; each one is implemented (see the tests). */
  static final List<String> SERVICE_FEATURES = List.of(
      PubSubNamespaces.DISCO_INFO,
      PubSubNamespaces.DISCO_ITEMS,
      PubSubNamespaces.PUBSUB,
      PubSubNamespaces.RSM,
      PING,
      feature("access-authorize"),
      feature("access-open"),
      feature("access-presence"),
      feature("access-roster"),
      feature("access-whitelist"),
      feature("config-node"),
      feature("config-node-max"),
      feature("create-and-configure"),
      feature("create-nodes"),
      feature("delete-items"),
      feature("delete-nodes"),
      feature("instant-nodes"),
      feature("item-ids"),
      feature("last-published"),
      feature("manage-subscriptions"),
      feature("member-affiliation"),
      feature("meta-data"),
      feature("modify-affiliations"),
      feature("outcast-affiliation"),
      feature("persistent-items"),
      feature("publish"),
      feature("publish-only-affiliation"),
      feature("publish-options"),
      feature("publisher-affiliation"),
      feature("purge-nodes"),
      feature("retract-items"),
      feature("retrieve-affiliations"),
      feature("retrieve-default"),
      feature("retrieve-items"),
      feature("retrieve-subscriptions"),
      feature("subscribe"),
      feature("subscription-notifications"),
      feature("subscription-options"));

  /**
   * Features a PEP account adds to its own disco#info (XEP-0163 §6): the service's, minus
   * instant nodes, plus auto-create; {@code auto-subscribe} and {@code filtered-notifications}
   * hold once the node implements {@link PepAudience} from presence subscriptions and +notify
   * caps.
   */
  public static List<String> pepFeatures() {
    List<String> out = new ArrayList<>(SERVICE_FEATURES.stream()
        .filter(f -> !f.equals(feature("instant-nodes")) && !f.equals(PING)
            && !f.equals(PubSubNamespaces.DISCO_INFO) && !f.equals(PubSubNamespaces.DISCO_ITEMS))
        .toList());
    out.add(feature("auto-create"));
    out.add(feature("auto-subscribe"));
    out.add(feature("filtered-notifications"));
    return List.copyOf(out);
  }

  private static String feature(String name) {
    return PubSubNamespaces.PUBSUB + "#" + name;
  }

  /** What the service needs from the node. */
  public record Dependencies(
      StanzaRouting routing,
      OwnerRelations relations,
      PepAudience audience,
      Clock clock,
      Predicate<EntityBareJid> isAdmin,
      io.switchboard.sharding.feed.FeedAttachments feeds,
      io.switchboard.sharding.EntityLifecycle lifecycle,
      ItemStore items) {
    /** Without an item store: the nodes hold their items' payloads inline. */
    public Dependencies(StanzaRouting routing, OwnerRelations relations, PepAudience audience,
        Clock clock, Predicate<EntityBareJid> isAdmin, io.switchboard.sharding.feed.FeedAttachments feeds,
        io.switchboard.sharding.EntityLifecycle lifecycle) {
      this(routing, relations, audience, clock, isAdmin, feeds, lifecycle, ItemStore.INLINE);
    }

    /** Telling nobody of the nodes' recoveries and passivations. */
    public Dependencies(StanzaRouting routing, OwnerRelations relations, PepAudience audience,
        Clock clock, Predicate<EntityBareJid> isAdmin, io.switchboard.sharding.feed.FeedAttachments feeds) {
      this(routing, relations, audience, clock, isAdmin, feeds, io.switchboard.sharding.EntityLifecycle.NONE);
    }

    /** Without feeds. */
    public Dependencies(StanzaRouting routing, OwnerRelations relations, PepAudience audience,
        Clock clock, Predicate<EntityBareJid> isAdmin) {
      this(routing, relations, audience, clock, isAdmin,
          io.switchboard.sharding.feed.FeedAttachments.NONE);
    }

    public Dependencies {
      Objects.requireNonNull(feeds, "feeds");
      Objects.requireNonNull(routing, "routing");
      Objects.requireNonNull(relations, "relations");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(isAdmin, "isAdmin");
      Objects.requireNonNull(lifecycle, "lifecycle");
      Objects.requireNonNull(items, "items");
    }
  }

  /**
   * Registers {@link PubSubNode} and {@link PubSubDirectory} with cluster sharding on this node
   * and returns the service. Call once per node, like {@code UserSession.init}.
   */
  public static PubSubService init(ActorSystem<?> system, int numberOfShards,
      PubSubSettings settings, Dependencies deps) {
    return init(system, numberOfShards, settings, deps, AccountQuotas.DEFAULTS);
  }

  /** As {@link #init(ActorSystem, int, PubSubSettings, Dependencies)}, with the node's quotas. */
  public static PubSubService init(ActorSystem<?> system, int numberOfShards,
      PubSubSettings settings, Dependencies deps, AccountQuotas quotas) {
    ShardedNodeGateway gateway =
        new ShardedNodeGateway(ClusterSharding.get(system), settings.askTimeout());
    PubSubDirectory.init(system, numberOfShards, settings, deps.clock());
    PubSubNode.init(system, numberOfShards, settings, new PubSubNode.Deps(deps.routing(),
        deps.relations(), deps.audience(), deps.clock(), deps.isAdmin(), gateway, deps.feeds(),
        quotas, deps.lifecycle(), deps.items()));
    return new PubSubService(gateway, settings, quotas);
  }

  private final NodeGateway gateway;
  private final PubSubSettings settings;
  private final AccountQuotas quotas;

  PubSubService(NodeGateway gateway, PubSubSettings settings) {
    this(gateway, settings, AccountQuotas.DEFAULTS);
  }

  PubSubService(NodeGateway gateway, PubSubSettings settings, AccountQuotas quotas) {
    this.gateway = gateway;
    this.settings = settings;
    this.quotas = quotas;
  }

  /**
   * A stanza whose {@code to} is the pub-sub service ({@code pubsub.<domain>}), {@code from}
   * stamped: IQs get an answer through {@code replies}; a message carrying a subscription
   * authorization form (§8.6.2) goes to its node, other messages get service-unavailable;
   * presence is dropped.
   */
  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null) {
      return;
    }
    if (to.hasLocalpart()) {
      // No entity lives at user@pubsub.<domain>.
      if (Stanzas.mayBounce(stanza) && stanza.attr("from") != null) {
        Stanzas.errorReply(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(replies::route);
      }
      return;
    }
    dispatch(to.getDomain().toString(), false, stanza, replies);
  }

  /**
   * A pub-sub or disco IQ (a disco query with a {@code node}, or disco#items listing the PEP
   * nodes) addressed to {@code owner}'s bare JID, or a message there answering a subscription
   * authorization form. Answers go through {@code replies}.
   */
  public void handlePep(EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {
    dispatch(owner.toString(), true, stanza, replies);
  }

  @Override
  public void handle(EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {
    handlePep(owner, stanza, replies);
  }

  @Override
  public List<String> features() {
    return pepFeatures();
  }

  /**
   * {@code contact} (a full JID) sent available presence to {@code owner}, and its entity caps
   * include {@code <node>+notify} for each of {@code notifyNodes}: each existing PEP node with
   * {@code send_last_published_item = on_sub_and_presence} sends it its last item, if the access
   * model lets the contact see it (XEP-0163 §4.3.2).
   */
  @Override
  public void contactOnline(EntityBareJid owner, FullJid contact, Set<String> notifyNodes) {
    if (notifyNodes.isEmpty()) {
      return;
    }
    String service = owner.toString();
    gateway.nodes(service).whenComplete((existing, failure) -> {
      if (failure != null) {
        log.debug("PEP node list of {} not available: {}", service, failure.toString());
        return;
      }
      for (String node : notifyNodes) {
        if (existing.contains(node)) {
          gateway.tell(service, node, new PubSubNode.SendLastItem(contact.toString(), null));
        }
      }
    });
  }

  /**
   * The account was deleted: every PEP node of {@code owner} is deleted as if the owner had asked
   * (subscribers are notified where notify_delete is set). The result completes when every node
   * has answered.
   */
  public CompletionStage<Void> accountDeleted(EntityBareJid owner) {
    String service = owner.toString();
    return gateway.nodes(service).thenCompose(nodes -> {
      List<CompletableFuture<?>> deletions = new ArrayList<>();
      for (String n : nodes) {
        XmlElement iq = XmlElement.builder("iq", PubSubNamespaces.CLIENT).attr("from", service)
            .attr("to", service).attr("type", "set").attr("id", "account-deleted")
            .child(XmlElement.builder("pubsub", PubSubNamespaces.OWNER)
                .child(XmlElement.builder("delete", PubSubNamespaces.OWNER).attr("node", n)))
            .build();
        deletions.add(gateway.ask(service, n,
                replyTo -> new PubSubNode.Request(service, iq, null, replyTo))
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(deletions.toArray(new CompletableFuture<?>[0]));
    });
  }

  private void dispatch(String service, boolean pep, XmlElement stanza, StanzaRouting replies) {
    switch (stanza.name()) {
      case "iq" -> iq(service, pep, stanza, replies);
      case "message" -> {
        if (!authorizationAnswer(service, stanza) && !pep) {
          refuseMessage(stanza, replies);
        }
      }
      default -> { }
    }
  }

  /**
   * A message the service has no use for gets service-unavailable (RFC 6120 §8.3.3.19),
   * except errors (bounced notifications) and headlines, which are dropped.
   */
  private static void refuseMessage(XmlElement message, StanzaRouting replies) {
    String type = message.attr("type");
    if (message.attr("from") != null && !"error".equals(type) && !"headline".equals(type)) {
      Stanzas.errorReply(message, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(replies::route);
    }
  }

  private void iq(String service, boolean pep, XmlElement iq, StanzaRouting replies) {
    String type = iq.attr("type");
    if (("get".equals(type) || "set".equals(type)) && iq.attr("from") != null) {
      answer(service, pep, iq).thenAccept(replies::route);
    }
  }

  /**
   * The answer to an IQ get/set (with {@code from} set) addressed to the pub-sub service or, for
   * PEP, to an account's bare JID: the result or XEP-0060 error stanza, not routed. For callers
   * that map answers themselves (the HTTP API); {@link #handle} and {@link #handlePep} route it.
   * The service's own JID is an owner of every node of the service.
   */
  public CompletionStage<XmlElement> ask(XmlElement iq) {
    Jid to = Jids.parse(iq.attr("to")).orElse(null);
    if (to == null || iq.attr("from") == null) {
      return CompletableFuture.completedFuture(PubSubError.BAD_REQUEST.answer(iq));
    }
    EntityBareJid pepOwner = to.asEntityBareJidIfPossible();
    return pepOwner != null
        ? answer(pepOwner.toString(), true, iq)
        : answer(to.getDomain().toString(), false, iq);
  }

  private CompletionStage<XmlElement> answer(String service, boolean pep, XmlElement iq) {
    if (!pep && "get".equals(iq.attr("type")) && iq.elements().size() == 1
        && iq.elements().get(0).is("ping", PING)) {
      return done(Stanzas.iqResult(iq)); // XEP-0199 §4.2: the service answers pings itself.
    }
    PubSubRequest req = PubSubRequest.parse(iq);
    String node = req.node();
    if (req instanceof Invalid r && node == null) {
      return done(r.error().answer(iq));
    }
    if (req instanceof DiscoInfo && node == null) {
      return done(Stanzas.iqResult(iq, serviceInfo(pep)));
    }
    if (req instanceof DiscoItems && node == null) {
      return listNodes(service, iq);
    }
    if (req instanceof DefaultConfig) {
      NodeConfig defaults = pep ? NodeConfig.pepDefaults()
          : NodeConfig.serviceDefaults(settings.defaultMaxItems());
      String ns = iq.elements().get(0).namespace();
      return done(Stanzas.iqResult(iq, XmlElement.builder("pubsub", ns)
          .child(XmlElement.builder("default", ns).child(defaults.toForm("form"))).build()));
    }
    if ((req instanceof UserSubscriptions || req instanceof UserAffiliations) && node == null) {
      return acrossNodes(service, iq,
          req instanceof UserSubscriptions ? "subscriptions" : "affiliations");
    }
    if (req instanceof Create && node == null) {
      if (pep) {
        return done(PubSubError.NODEID_NOT_ACCEPTABLE.answer(iq));
      }
      node = UUID.randomUUID().toString();
    }
    if (node == null) {
      return done(PubSubError.NODEID_REQUIRED.answer(iq));
    }
    // Issue #23 F9: the PEP node quota is not checked here. A node that a create or publish
    // would create reserves its slot at the account's directory first (PubSubNode, PepQuota);
    // a publish to an existing node asks the directory nothing.
    return toNode(service, node, iq);
  }

  private CompletionStage<XmlElement> toNode(String service, String node, XmlElement iq) {
    String from = iq.attr("from");
    String target = node;
    return gateway.ask(service, node, replyTo -> new PubSubNode.Request(from, iq, null, replyTo))
        .handle((reply, failure) -> {
          if (failure != null) {
            log.warn("pub-sub node {} of {} did not answer: {}", target, service,
                failure.toString());
            return PubSubError.INTERNAL.answer(iq);
          }
          return reply.stanza();
        });
  }

  private static CompletionStage<XmlElement> done(XmlElement answer) {
    return CompletableFuture.completedFuture(answer);
  }

  /**
   * §5.6 / §5.7: the requester's subscriptions (or affiliations) at every node of the service,
   * gathered by asking each node the node-scoped question. Each node asked is woken, so at most
   * {@link AccountQuotas#crossNodeQueryNodes()} are, the first in name order (issue #23 F9); the
   * answer leaves the rest out, as it leaves out nodes that fail to answer.
   */
  private CompletionStage<XmlElement> acrossNodes(String service, XmlElement iq, String what) {
    String from = iq.attr("from");
    return gateway.nodes(service).thenCompose(nodes -> {
      List<CompletableFuture<List<XmlElement>>> answers = new ArrayList<>();
      List<String> asked = PepQuota.first(nodes, quotas.crossNodeQueryNodes());
      if (asked.size() < nodes.size()) {
        log.debug("{} of {}: {} nodes not asked (cross-node-query-nodes)", what, service, nodes.size() - asked.size());
      }
      for (String n : asked) {
        XmlElement scoped = iq.withChildren(List.of(XmlElement.builder("pubsub",
            PubSubNamespaces.PUBSUB).child(XmlElement.builder(what, PubSubNamespaces.PUBSUB)
                .attr("node", n)).build()));
        answers.add(gateway.ask(service, n,
                replyTo -> new PubSubNode.Request(from, scoped, null, replyTo))
            .thenApply(reply -> entries(reply.stanza(), what))
            .exceptionally(e -> List.of())
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> answers.stream().flatMap(a -> a.join().stream()).toList());
    }).handle((entries, failure) -> failure != null
        ? PubSubError.INTERNAL.answer(iq)
        : Stanzas.iqResult(iq, XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
            .child(XmlElement.builder(what, PubSubNamespaces.PUBSUB).children(entries)).build()));
  }

  /** The entries of a node's {@code <subscriptions/>} or {@code <affiliations/>} result. */
  private static List<XmlElement> entries(XmlElement reply, String what) {
    if (!"result".equals(reply.attr("type"))) {
      return List.of();
    }
    return reply.child("pubsub", PubSubNamespaces.PUBSUB)
        .flatMap(p -> p.child(what, PubSubNamespaces.PUBSUB))
        .map(XmlElement::elements)
        .orElse(List.of());
  }

  /**
   * §5.2 disco#items on the service: the nodes the requester may see (issue #23 F11). A PEP
   * account asking its own service sees all its nodes. Anyone else sees the nodes the directory
   * knows to be open, and each other node that answers a node-scoped disco#items for the
   * requester: its access model decides (§4.5; for presence and roster the owner's roster is
   * asked). At most {@link PubSubSettings#discoItemsMaxChecks()} nodes are asked per listing; the
   * rest are left out (none of them is open, so leaving them out shows nothing it should not).
   */
  private CompletionStage<XmlElement> listNodes(String service, XmlElement iq) {
    String from = iq.attr("from");
    String requester = Jids.parse(from).map(j -> j.asBareJid().toString()).orElse("");
    return gateway.directory(service).thenCompose(dir -> {
      if (requester.equals(service)) {
        return CompletableFuture.completedFuture(List.copyOf(dir.nodes()));
      }
      List<CompletableFuture<String>> visible = new ArrayList<>();
      int asked = 0;
      for (String n : dir.nodes()) {
        if (dir.open().contains(n)) {
          visible.add(CompletableFuture.completedFuture(n));
        } else if (asked++ < settings.discoItemsMaxChecks()) {
          XmlElement probe = XmlElement.builder("iq", iq.namespace()).attr("type", "get")
              .attr("id", iq.attr("id")).attr("from", from).attr("to", iq.attr("to"))
              .child(XmlElement.builder("query", PubSubNamespaces.DISCO_ITEMS).attr("node", n))
              .build();
          visible.add(gateway.ask(service, n, replyTo -> new PubSubNode.Request(from, probe, null, replyTo))
              .thenApply(reply -> "result".equals(reply.stanza().attr("type")) ? n : null)
              .exceptionally(e -> null)
              .toCompletableFuture());
        }
      }
      if (asked > settings.discoItemsMaxChecks()) {
        log.debug("disco#items of {}: {} restricted nodes not checked (disco-items-max-checks)",
            service, asked - settings.discoItemsMaxChecks());
      }
      return CompletableFuture.allOf(visible.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> visible.stream().map(CompletableFuture::join)
              .filter(java.util.Objects::nonNull).sorted().toList());
    }).handle((nodes, failure) -> {
      if (failure != null) {
        return PubSubError.INTERNAL.answer(iq);
      }
      XmlElement.Builder q = XmlElement.builder("query", PubSubNamespaces.DISCO_ITEMS);
      for (String n : nodes) {
        q.child(XmlElement.builder("item", PubSubNamespaces.DISCO_ITEMS).attr("jid", service)
            .attr("node", n));
      }
      return Stanzas.iqResult(iq, q.build());
    });
  }

  private static XmlElement serviceInfo(boolean pep) {
    XmlElement.Builder q = XmlElement.builder("query", PubSubNamespaces.DISCO_INFO);
    q.child(XmlElement.builder("identity", PubSubNamespaces.DISCO_INFO)
        .attr("category", "pubsub").attr("type", pep ? "pep" : "service")
        .attr("name", pep ? null : "Publish-Subscribe"));
    List<String> features = pep ? pepFeatures() : SERVICE_FEATURES;
    for (String f : features) {
      q.child(XmlElement.builder("feature", PubSubNamespaces.DISCO_INFO).attr("var", f));
    }
    return q.build();
  }

  /** Hands a §8.6.2 authorization answer to its node; false when the message is not one. */
  private boolean authorizationAnswer(String service, XmlElement message) {
    String from = message.attr("from");
    DataForm form = message.child("x", PubSubNamespaces.DATA).map(DataForm::parse).orElse(null);
    if (from == null || form == null
        || !PubSubNamespaces.SUBSCRIBE_AUTHORIZATION.equals(form.formType())) {
      return false;
    }
    String node = form.value("pubsub#node");
    if (node == null || node.isEmpty()) {
      return false;
    }
    gateway.tell(service, node, new PubSubNode.Authorize(from, message));
    return true;
  }
}
