package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.EntityLifecycle;
import io.switchboard.sharding.feed.FeedAttachments;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pub-sub node (XEP-0060 leaf node), sharded by service plus node name
 * ({@code entityId = service + "/" + node}; a service is a domain or a bare JID, neither of which
 * contains '/', so the first '/' splits them). A service that is a user's bare JID is that user's
 * PEP service (XEP-0163): the account is the implicit owner and publishing auto-creates the node.
 *
 * <p><b>Which items a node has is in its journal; their payloads are in an {@link ItemStore}
 * (issue #23 F9).</b> The state keeps, for each of the newest {@code pubsub#max_items} items
 * (capped by {@link PubSubSettings#maxItemsLimit()}, 1000 by default), its id, publisher, time,
 * size and {@link Item#ref() ref}: the key of its payload in the store (Cassandra's
 * {@code pubsub_items}); the payloads themselves only for the newest
 * {@link PubSubSettings#itemCache()} items (8 by default), so notifications and "last item" on
 * subscribe or presence need no read, and snapshots stay small whatever the items weigh.
 * <ul>
 *   <li>Publish (and a feed batch): the payload is written first, under a ref the node never
 *       reuses (a random UUID), so a write never overwrites; while it is in flight the entity
 *       stashes its other messages (the request was decided against the current state, which
 *       must not change before its event is written). Then the {@link ItemPublished} event is
 *       persisted; it carries the payload too, so a replay rebuilds the cache exactly (events
 *       are deleted at each snapshot, so the journal holds at most snapshot-every of them). A
 *       failed store write persists nothing and answers internal-server-error (wait).
 *   <li>A crash (or a failed journal write) between the two leaves a row no event refers to:
 *       harmless, never read, never in a quota; the node's next purge or delete sweeps it
 *       ({@link ItemStore#sweep}); a node never purged keeps it (at most one payload per such
 *       failure).
 *   <li>Retract, purge, delete, replace by id, trim beyond max_items: the event is persisted
 *       first, then {@link ItemPayloads#release} deletes the rows it stopped referring to
 *       (a failed delete also leaves an unreferenced row).
 *   <li>Retrieval (by id, newest N, RSM pages): ids, order and page come from the state; the
 *       payloads of those beyond the cache come from one batched read, answered from the
 *       driver's thread (the entity does not wait); a failed read answers internal-server-error.
 *   <li>Journals and snapshots written before this (items with their payloads inline, no ref)
 *       replay as they are: an item without a ref is held inline and counts as cached. With
 *       {@link ItemStore#INLINE} (no store) every item is held inline, as before.
 * </ul>
 *
 * <p>Requests arrive as {@link Request}: the raw IQ, parsed here by {@link PubSubRequest}; the
 * answer (result or XEP-0060 error stanza) goes back in a {@link Reply}. Access models presence
 * and roster ask {@link OwnerRelations} asynchronously and re-enter the same request with the
 * answer. Notifications are handed to a {@link FanOut} child, so the entity never blocks on a
 * large subscriber list. The entity passivates after {@link PubSubSettings#passivateAfter()}.
 *
 * <p>A PEP node about to be created (a create, or the owner's first publish) first asks its
 * account's {@link PubSubDirectory} for a slot of the PEP node quota, and decides the request
 * again with the answer ({@link SlotAnswered}); requests to an existing node never ask (issue #23
 * F9). If the entity stops before the answer arrives, or its creation is not written, the
 * directory frees the slot when the reservation expires.
 *
 * <p>Requests that change the node are written by group commit ({@link GroupCommit}): those that
 * arrive while earlier ones wait are decided against the state the earlier ones lead to and
 * written with them in one journal write, then answered in order.
 *
 * <p>Limits: each subscription change copies the subscription map (one O(n) copy); while a write
 * is in flight the entity stashes incoming requests, at most
 * {@code pekko.persistence.typed.stash-capacity} (4096 by default), and drops the rest, which the
 * service then answers with internal-server-error after its ask timeout; a fan-out still running
 * when the entity stops (hand-off, passivation) is cut short.
 */
public final class PubSubNode
    extends EventSourcedBehaviorWithEnforcedReplies<
        PubSubNode.Command, PubSubNode.Event, NodeState> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "PubSubNode");

  private static final Logger log = LoggerFactory.getLogger(PubSubNode.class);

  // ---------------------------------------------------------------------------------------------
  // Protocol

  public sealed interface Command extends CborSerializable {}

  /**
   * An XEP-0060 (or disco) IQ of type get/set addressed to this node, {@code from} stamped.
   * {@code relation} is null until the owner's roster has been asked (presence/roster models).
   */
  public record Request(String from, XmlElement iq, Relation relation, ActorRef<Reply> replyTo)
      implements Command {
    Request withRelation(Relation r) {
      return new Request(from, iq, r, replyTo);
    }
  }

  /** The answer to a {@link Request}: the result or error stanza to route back. */
  public record Reply(XmlElement stanza) implements CborSerializable {}

  /** An owner's answer to a subscription authorization form (XEP-0060 §8.6.2). */
  public record Authorize(String from, XmlElement message) implements Command {}

  /**
   * Sends the last published item to {@code to} (a full JID) if the node sends it on presence and
   * the access model lets {@code to} see it (XEP-0163 §4.3.2, a contact came online).
   */
  public record SendLastItem(String to, Relation relation) implements Command {}

  /** Tests and operations: the persisted state. */
  public record GetState(ActorRef<NodeState> replyTo) implements Command {}

  /**
   * Batch {@code seq} of the feed {@code source}: {@code items} (oldest first) to publish as the
   * service, if {@code source} is this node's {@code pubsub#feed_url} and the batch is newer than
   * the last one published (otherwise it is acknowledged without publishing: a feed hands a
   * batch over again when it is not sure it arrived).
   */
  public record FeedPublish(String source, long seq, List<FeedItem> items,
      ActorRef<FeedPublished> replyTo) implements Command {}

  /** One entry of a feed as an item: its id and payload (an Atom entry). */
  public record FeedItem(String id, XmlElement payload) implements CborSerializable {}

  /** The answer to {@link FeedPublish}: false when the node is absent or has another feed. */
  public record FeedPublished(boolean attached) implements CborSerializable {}

  private enum Idle implements Command {
    INSTANCE
  }

  private enum Stop implements Command {
    INSTANCE
  }

  /**
   * The directory's answer to the slot {@code request} asked for before creating this PEP node:
   * the request is decided again, now holding a slot (or answered max-nodes-exceeded).
   */
  private record SlotAnswered(Request request, SlotOutcome outcome) implements Command {}

  private enum SlotOutcome { GRANTED, REFUSED, UNAVAILABLE }

  /** The payloads of {@code decision} were written ({@code failure} null) or not. */
  private record Stored(Decision decision, ActorRef<Reply> replyTo, Throwable failure)
      implements Command {}

  /** Writes what {@link GroupCommit} queued since the last write. */
  private enum Flush implements Command {
    INSTANCE
  }

  // Events: past tense, no ActorRefs.

  public sealed interface Event extends CborSerializable {}

  public record NodeCreated(NodeConfig config, String owner, Instant createdAt) implements Event {}

  public record NodeConfigured(NodeConfig config) implements Event {}

  public enum NodeDeleted implements Event {
    INSTANCE
  }

  public record ItemPublished(Item item) implements Event {}

  public record ItemRetracted(String id) implements Event {}

  public enum NodePurged implements Event {
    INSTANCE
  }

  /** {@code jid} (bare) now has {@code affiliation}; NONE removes it. */
  public record AffiliationSet(String jid, Affiliation affiliation) implements Event {}

  public record SubscriptionSaved(NodeSubscription subscription) implements Event {}

  public record SubscriptionRemoved(String subid) implements Event {}

  /** Items of batch {@code seq} of the feed {@code source}, published (each replacing its id). */
  public record FeedItemsPublished(String source, long seq, List<Item> items) implements Event {}

  /** Told when a node comes into existence or goes away (the service's node list). */
  public interface NodeRegistry {
    void created(String service, String node);

    void deleted(String service, String node);

    /** Whether the node's access model is open: told on creation, change and recovery. */
    default void visibility(String service, String node, boolean open) {}

    /**
     * Asks a slot of the service's PEP node quota {@code limit} for {@code node}, about to be
     * created (issue #23 F9): true when granted. The default, for registries without a quota,
     * grants every slot.
     */
    default CompletionStage<Boolean> reserve(String service, String node, int limit) {
      return CompletableFuture.completedFuture(true);
    }

    /** Gives back the slot of {@code node}, which was not created after all. */
    default void release(String service, String node) {}
  }

  /** What the entity needs from its surroundings. */
  public record Deps(
      StanzaRouting routing,
      OwnerRelations relations,
      PepAudience audience,
      Clock clock,
      Predicate<EntityBareJid> isAdmin,
      NodeRegistry registry,
      FeedAttachments feeds,
      io.switchboard.sharding.quota.AccountQuotas quotas,
      EntityLifecycle lifecycle,
      ItemStore items) {
    public Deps(StanzaRouting routing, OwnerRelations relations, PepAudience audience, Clock clock,
        Predicate<EntityBareJid> isAdmin, NodeRegistry registry) {
      this(routing, relations, audience, clock, isAdmin, registry, FeedAttachments.NONE);
    }

    /** With the default quotas. */
    public Deps(StanzaRouting routing, OwnerRelations relations, PepAudience audience, Clock clock,
        Predicate<EntityBareJid> isAdmin, NodeRegistry registry, FeedAttachments feeds) {
      this(routing, relations, audience, clock, isAdmin, registry, feeds,
          io.switchboard.sharding.quota.AccountQuotas.DEFAULTS);
    }

    /** Telling nobody of recoveries and passivations. */
    public Deps(StanzaRouting routing, OwnerRelations relations, PepAudience audience, Clock clock,
        Predicate<EntityBareJid> isAdmin, NodeRegistry registry, FeedAttachments feeds,
        io.switchboard.sharding.quota.AccountQuotas quotas) {
      this(routing, relations, audience, clock, isAdmin, registry, feeds, quotas, EntityLifecycle.NONE);
    }

    /** Without an item store: payloads held inline. */
    public Deps(StanzaRouting routing, OwnerRelations relations, PepAudience audience, Clock clock,
        Predicate<EntityBareJid> isAdmin, NodeRegistry registry, FeedAttachments feeds,
        io.switchboard.sharding.quota.AccountQuotas quotas, EntityLifecycle lifecycle) {
      this(routing, relations, audience, clock, isAdmin, registry, feeds, quotas, lifecycle,
          ItemStore.INLINE);
    }

    public Deps {
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(feeds, "feeds");
      Objects.requireNonNull(routing, "routing");
      Objects.requireNonNull(relations, "relations");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(isAdmin, "isAdmin");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(quotas, "quotas");
      Objects.requireNonNull(lifecycle, "lifecycle");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  public static String entityId(String service, String node) {
    return service + "/" + node;
  }

  static void init(ActorSystem<?> system, int numberOfShards, PubSubSettings settings, Deps deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> {
          String id = ctx.getEntityId();
          int slash = id.indexOf('/');
          return create(id.substring(0, slash), id.substring(slash + 1), ctx.getShard(), settings,
              deps);
        })
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(String service, String node,
      ActorRef<ClusterSharding.ShardCommand> shard, PubSubSettings settings, Deps deps) {
    return Behaviors.setup(ctx -> new PubSubNode(ctx, service, node, shard, settings, deps));
  }

  private final ActorContext<Command> ctx;
  private final String service;
  private final String node;
  private final EntityBareJid pepOwner;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final PubSubSettings settings;
  private final Deps deps;
  private final NodeLogic logic;
  private final GroupCommit pending = new GroupCommit(GroupCommit.MAX_EVENTS);
  private final EntityLifecycle.Recovery recovery;
  private final ItemPayloads payloads;
  /** A decision's payloads are being stored: every other message waits in the stash. */
  private boolean storing;

  private PubSubNode(ActorContext<Command> ctx, String service, String node,
      ActorRef<ClusterSharding.ShardCommand> shard, PubSubSettings settings, Deps deps) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId(service, node)));
    this.ctx = ctx;
    this.service = service;
    this.node = node;
    this.pepOwner = service.indexOf('@') >= 0 ? Jids.bare(service) : null;
    this.shard = shard;
    this.settings = settings;
    this.deps = deps;
    this.recovery = deps.lifecycle().recovering();
    this.payloads = new ItemPayloads(service, node, deps.items(), deps.clock());
    this.logic = new NodeLogic(service, node, pepOwner, settings, deps, this::fanOut,
        (stage, then) -> ctx.pipeToSelf(stage,
            (r, e) -> then.apply(r == null ? Relation.NONE : r)), this::reserveSlot, payloads);
  }

  @Override
  public NodeState emptyState() {
    return NodeState.ABSENT;
  }

  @Override
  public String journalPluginId() {
    return settings.journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return settings.snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Items are in the events: events older than the kept snapshots are deleted, so a busy feed
    // does not grow its journal without bound.
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots())
        .withDeleteEventsOnSnapshot();
  }

  @Override
  public SignalHandler<NodeState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          recovery.completed();
          ctx.setReceiveTimeout(settings.passivateAfter(), Idle.INSTANCE);
          if (state.exists()) {
            // Heals a directory that missed a change (or predates knowing open nodes): the
            // listing too, for a node that died between writing its creation and telling it,
            // whose quota reservation then expires (issue #23 F9). Both are idempotent.
            deps.registry().created(service, node);
            deps.registry().visibility(service, node,
                state.config().accessModel() == NodeConfig.AccessModel.OPEN);
          }
          // Attachments are told fire and forget: tell again at each start (idempotent).
          if (state.exists() && state.config().hasFeed()) {
            deps.feeds().attach(state.config().feedUrl(), entityId(service, node),
                state.config().feedIntervalSeconds());
          }
        })
        .onSignal(RecoveryFailed.class, (state, failed) -> recovery.failed())
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, NodeState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(cmd -> storing && !(cmd instanceof Stored), (state, cmd) -> Effect().stash())
        .onCommand(Stored.class, this::onStored)
        .onCommand(Request.class, this::onRequest)
        .onCommand(SlotAnswered.class, this::onSlotAnswered)
        .onCommand(Authorize.class, this::onAuthorize)
        .onCommand(SendLastItem.class, this::onSendLastItem)
        .onCommand(GetState.class, this::onGetState)
        .onCommand(FeedPublish.class, (state, cmd) ->
            apply(state, logic.feedPublish(pending.state(state), cmd), null))
        .onCommand(Flush.class, (state, cmd) -> write(state, false))
        .onCommand(Idle.class, this::onIdle)
        // Stopping (passivation, hand-off): what is queued is written first.
        .onCommand(Stop.class, (state, cmd) -> write(state, true))
        .build();
  }

  @Override
  public EventHandler<NodeState, Event> eventHandler() {
    // Payloads beyond the cache are dropped as events apply (issue #23 F9), on replay too.
    int cache = settings.itemCache();
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((state, event) -> state.apply(event).evictBeyond(cache));
  }

  /** Tests in this package: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  // ---------------------------------------------------------------------------------------------

  private ReplyEffect<Event, NodeState> onRequest(NodeState state, Request cmd) {
    return apply(state, decision(pending.state(state), cmd, false), cmd.replyTo());
  }

  private Decision decision(NodeState current, Request cmd, boolean slotHeld) {
    try {
      return logic.decide(current, cmd, slotHeld);
    } catch (RuntimeException e) {
      log.warn("{}/{}: internal error answering id={}", service, node, cmd.iq().attr("id"), e);
      return Decision.answer(PubSubError.INTERNAL.answer(cmd.iq()));
    }
  }

  /**
   * Issue #23 F9: a PEP request that would create this node asked its directory for a slot
   * ({@link #reserveSlot}); it is decided again against the state now. Refused (or no answer) and
   * still absent: max-nodes-exceeded (internal-server-error). Granted but not creating after all
   * (the state changed meanwhile) while the node is still absent: the slot is given back. When
   * the node exists by now (another request created it), nothing is released: that request's
   * slot becomes the listed node.
   */
  private ReplyEffect<Event, NodeState> onSlotAnswered(NodeState state, SlotAnswered cmd) {
    NodeState current = pending.state(state);
    Request request = cmd.request();
    boolean granted = cmd.outcome() == SlotOutcome.GRANTED;
    if (!current.exists() && !granted) {
      PubSubError error = cmd.outcome() == SlotOutcome.REFUSED
          ? PubSubError.MAX_NODES_EXCEEDED : PubSubError.INTERNAL;
      return apply(state, Decision.fail(request.iq(), error), request.replyTo());
    }
    Decision d = decision(current, request, true);
    if (granted && !current.exists() && !NodeLogic.creates(d)) {
      deps.registry().release(service, node);
    }
    return apply(state, d, request.replyTo());
  }

  /** Asks the directory a slot for {@code request}, which would create this PEP node. */
  private void reserveSlot(Request request) {
    ctx.pipeToSelf(deps.registry().reserve(service, node, deps.quotas().pepNodes()),
        (granted, failure) -> {
          if (failure != null) {
            log.warn("{}/{}: no PEP node slot answer: {}", service, node, failure.toString());
            return new SlotAnswered(request, SlotOutcome.UNAVAILABLE);
          }
          return new SlotAnswered(request,
              Boolean.TRUE.equals(granted) ? SlotOutcome.GRANTED : SlotOutcome.REFUSED);
        });
  }

  private ReplyEffect<Event, NodeState> onAuthorize(NodeState state, Authorize cmd) {
    return apply(state, logic.authorize(pending.state(state), cmd), null);
  }

  private ReplyEffect<Event, NodeState> onSendLastItem(NodeState state, SendLastItem cmd) {
    return apply(state, logic.sendLastItem(pending.state(state), cmd), null);
  }

  /**
   * Answers at once a decision that changes nothing when nothing is queued; otherwise queues it
   * behind the decisions not yet written (see {@link GroupCommit}) and makes sure a flush follows.
   */
  private ReplyEffect<Event, NodeState> apply(NodeState state, Decision d,
      ActorRef<Reply> replyTo) {
    if (!d.store().isEmpty()) {
      storing = true;
      ctx.pipeToSelf(deps.items().write(service, node, d.store()),
          (ok, failure) -> new Stored(d, replyTo, failure));
      return Effect().noReply();
    }
    Reply reply = replyTo == null || d.reply() == null ? null : new Reply(d.reply());
    if (d.events().isEmpty() && pending.isEmpty()) {
      d.after().run();
      return reply == null ? Effect().noReply() : Effect().reply(replyTo, reply);
    }
    boolean first = pending.add(state, d.events(), written -> {
      d.after().run();
      if (reply != null) {
        replyTo.tell(reply);
      }
    });
    if (pending.full()) {
      return write(state, false);
    }
    if (first) {
      ctx.getSelf().tell(Flush.INSTANCE);
    }
    return Effect().noReply();
  }

  /**
   * Writes everything queued as one journal write (nothing to write when only answers are
   * queued), then answers and runs its effects; and stops the entity when {@code thenStop}.
   */
  private ReplyEffect<Event, NodeState> write(NodeState before, boolean thenStop) {
    GroupCommit.Batch batch = pending.drain();
    var effect = (batch.events().isEmpty() ? Effect().none() : Effect().persist(batch.events()))
        .thenRun((NodeState written) -> {
          payloads.release(before, batch.events(), written);
          batch.run(written);
        });
    return (thenStop ? effect.thenStop() : effect).thenNoReply();
  }

  /**
   * The payloads of a decision are stored (or not): it goes on as any other decision (queued,
   * written, answered), or is answered with its failure and persists nothing; then the messages
   * stashed meanwhile are handled.
   */
  private ReplyEffect<Event, NodeState> onStored(NodeState state, Stored cmd) {
    storing = false;
    if (cmd.failure() == null) {
      return apply(state, cmd.decision().stored(), cmd.replyTo()).thenUnstashAll();
    }
    log.warn("{}/{}: storing item payloads failed, nothing published: {}", service, node,
        cmd.failure().toString());
    XmlElement failed = cmd.decision().storeFailed();
    return (cmd.replyTo() == null || failed == null ? Effect().noReply()
        : Effect().reply(cmd.replyTo(), new Reply(failed))).thenUnstashAll();
  }

  /** The written state, after whatever is queued has been written. */
  private ReplyEffect<Event, NodeState> onGetState(NodeState state, GetState cmd) {
    if (pending.isEmpty()) {
      return Effect().reply(cmd.replyTo(), state);
    }
    pending.add(state, List.of(), written -> cmd.replyTo().tell(written));
    return Effect().noReply();
  }

  private void fanOut(NodeNotifier.Notification n) {
    ctx.spawnAnonymous(FanOut.create(deps.routing(), n.messages(), n.recipients(),
        n.includePepAudience() && pepOwner != null
            ? deps.audience().notifyTargets(pepOwner, node)
                .thenApply(set -> set.stream().map(Object::toString).toList())
                .thenCompose(n.audienceFilter())
            : null,
        settings.fanOutBatch()));
  }

  private ReplyEffect<Event, NodeState> onIdle(NodeState state, Idle cmd) {
    log.debug("{}/{}: idle, passivating", service, node);
    deps.lifecycle().passivated();
    shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    return Effect().noReply();
  }
}
