package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.EntityLifecycle;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multi-user chat room (XEP-0045), sharded by its bare JID ({@code room@service}). The entity
 * is thin: {@link RoomLogic} decides, {@link DecisionQueue} queues the decision's events for the
 * journal ({@link RoomCommit}: events of requests arriving together are written together) and its
 * groupchat messages for the archive ({@link RoomArchive}), and {@link RoomSender} sends, in
 * decision order ({@link RoomOutbox}), through a relay per node ({@link Deliveries}); the entity
 * itself holds the actor: its commands, the journal writes, timers and the cluster.
 *
 * <p><b>Failure model.</b> Occupancy is journaled (who is in the room, nickname, role, presence),
 * so a room that restarts on another node after its node died, or after a hand-off, has the same
 * occupants and tells nobody anything: no occupant sees a leave or a join. Remember-entities
 * restarts a room with occupants at once. What can be wrong afterwards is what died in flight, and
 * each has its repair:
 * <ul>
 *   <li>A stanza a client sent to the room carries its connection's receipt, and the room
 *       acknowledges it only once it is safe: a presence or IQ once its events are journaled, a
 *       groupchat message once it is archived and every node holding occupants confirmed it (or
 *       {@code delivery-ack-timeout} passed). Unacknowledged, the connection sends it again, so a
 *       stanza lost with the room's node reaches the restarted room. A message it sends again is
 *       recognised ({@link GroupchatAcks}, {@link RecentMessages}: by occupant id and message id): not archived twice,
 *       and sent to the occupants once more only if the earlier incarnation archived it (delivery
 *       unknown). So no message the room accepted is lost; a few may be delivered twice. Any other
 *       stanza sent again (an IQ, a join) is recognised by its receipt ({@link RequestCopies}) and
 *       answered once.</li>
 *   <li>A room busy writing or loading lets in at most {@code max-backlog} stanzas it has not yet
 *       taken and answers the next ones with resource-constraint ({@link RoomGate}), so
 *       Pekko's stash never overflows and drops one silently.</li>
 *   <li>A delivery to a node that leaves the cluster before confirming is sent again through this
 *       node ({@link Deliveries#nodeRemoved}); sharding takes it to the recipients' entities
 *       wherever they restart.</li>
 *   <li>An occupant whose own connection's node died leaves: its account entity (if alive) sends
 *       the room unavailable presence (it had sent directed presence there); a groupchat the room
 *       sends to a session that is gone bounces and removes it (status 333); and after a member
 *       leaves the cluster, or after the room itself restarted, the room asks each occupant's
 *       account whether the session is still there ({@link SessionCheck}, after
 *       {@code verify-delay}, so restarted accounts have had their re-attach grace) and removes
 *       those that are not (333). A leave lost on the way to a dying room is caught the same way.</li>
 * </ul>
 */
public final class MucRoom
    extends EventSourcedBehaviorWithEnforcedReplies<MucRoom.Command, RoomEvent, RoomState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "MucRoom");

  private static final Logger log = LoggerFactory.getLogger(MucRoom.class);

  // ---------------------------------------------------------------------------------------------
  // Protocol

  public sealed interface Command extends CborSerializable {}

  /**
   * A stanza addressed to the room or one of its occupant JIDs ({@code from} stamped), with the
   * sender's receipt (null for none) and the node that routed it.
   */
  public record Inbound(XmlElement stanza, Receipt receipt, String origin) implements Command {}

  /** Tests and operations: the journaled state. */
  public record GetState(ActorRef<RoomState> replyTo) implements Command {}

  /** The operator destroys the room (CLI, API); answers whether it existed. */
  public record Destroy(String reason, String alternate, ActorRef<Destroyed> replyTo) implements Command {}

  public record Destroyed(boolean existed) implements CborSerializable {}

  private record RoomsCounted(Inbound request, int count) implements Command {}

  private record HistoryLoaded(List<RoomArchive.Archived> messages, Throwable failure) implements Command {}

  private record ArchiveAnswered(XmlElement iq, List<XmlElement> answer, Throwable failure) implements Command {}

  private record Confirmed(long seq) implements Command {}

  private record StopWaiting(long waiter) implements Command {}

  private record MemberLeft(String node) implements Command {}

  private record Checked(String fullJid, Boolean present) implements Command {}

  private enum Released implements Command {
    INSTANCE
  }

  /** The room count a creation waited for is in: the stanzas held meanwhile go next, in order. */
  private enum Counted implements Command {
    INSTANCE
  }

  private enum Flush implements Command {
    INSTANCE
  }

  private enum Verify implements Command {
    INSTANCE
  }

  private enum Idle implements Command {
    INSTANCE
  }

  private enum Stop implements Command {
    INSTANCE
  }

  /** What a room needs from its node. */
  public record Deps(String domain, MucSettings settings, RoomArchive archive, RoomDirectory directory,
      SessionCheck sessions, RelayDirectory relays, Clock clock, RoomCounts counts, EntityLifecycle lifecycle) {
    /** Telling nobody of recoveries and passivations. */
    public Deps(String domain, MucSettings settings, RoomArchive archive, RoomDirectory directory,
        SessionCheck sessions, RelayDirectory relays, Clock clock, RoomCounts counts) {
      this(domain, settings, archive, directory, sessions, relays, clock, counts, EntityLifecycle.NONE);
    }

    /** Counting nothing. */
    public Deps(String domain, MucSettings settings, RoomArchive archive, RoomDirectory directory,
        SessionCheck sessions, RelayDirectory relays, Clock clock) {
      this(domain, settings, archive, directory, sessions, relays, clock, RoomCounts.NONE);
    }

    public Deps {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(archive, "archive");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(sessions, "sessions");
      Objects.requireNonNull(relays, "relays");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(counts, "counts");
      Objects.requireNonNull(lifecycle, "lifecycle");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  static void init(ActorSystem<?> system, int numberOfShards, Deps deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                .withRememberEntities(deps.settings().rememberEntities()))
            .withStopMessage(Stop.INSTANCE));
  }

  /**
   * The room behind its admission check ({@link RoomGate}): the interceptor sees each stanza
   * before Pekko can stash it, and refuses what would not fit.
   */
  public static Behavior<Command> create(String room, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    return Behaviors.setup(ctx -> {
      MucRoom entity = new MucRoom(ctx, room, shard, deps);
      return Behaviors.intercept(entity.gate::interceptor, entity);
    });
  }

  /** Tests: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  private final ActorContext<Command> ctx;
  private final String room;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Deps deps;
  private final MucSettings settings;
  private final RoomLogic logic = new RoomLogic();
  private final RoomCommit commit = new RoomCommit();
  private final RoomOutbox outbox = new RoomOutbox();
  private final SessionRoutes routes = new SessionRoutes();
  private final Deliveries deliveries;
  private final GroupchatAcks acks;
  private final RoomSender sender;
  private final DecisionQueue queue;
  private final RoomListing listing;
  private final ArchivePurge purge;
  private final RateLimits rates;
  private final RoomGate gate;
  private final RequestCopies copies = new RequestCopies(1000);
  private final EntityLifecycle.Recovery recovery;
  private boolean loading;
  /**
   * A join that would create the room waits for its creator's room count (max-rooms-per-user);
   * stanzas arriving meanwhile wait behind it, so the first to ask creates the room (§10.1.1).
   */
  private boolean counting;
  private boolean verifyScheduled;

  private MucRoom(ActorContext<Command> ctx, String room, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    super(PersistenceId.of(TYPE_KEY.name(), room));
    this.ctx = ctx;
    this.room = room;
    this.shard = shard;
    this.deps = deps;
    this.settings = deps.settings();
    this.recovery = deps.lifecycle().recovering();
    this.deliveries = new Deliveries(deps.relays(), Math.floorMod(room.hashCode(), deps.relays().perNode()),
        ctx.messageAdapter(MucRelay.Delivered.class, d -> new Confirmed(d.seq())), settings.maxPendingDeliveries());
    this.acks = new GroupchatAcks(room, Math.max(1000, settings.historySize()), deliveries, outbox, routes,
        waiter -> ctx.scheduleOnce(settings.deliveryAckTimeout(), ctx.getSelf(), new StopWaiting(waiter)));
    this.sender = new RoomSender(room, deps.clock(), settings.historySize(), deliveries, routes, acks, copies, outbox,
        q -> ctx.pipeToSelf(deps.archive().query(room, q.since(), q.iq()),
            (answer, failure) -> new ArchiveAnswered(q.iq(), answer, failure)));
    this.queue = new DecisionQueue(room, deps.clock(), deps.archive(), commit, outbox, acks, sender,
        () -> ctx.getSelf().tell(Flush.INSTANCE), gate -> ctx.pipeToSelf(gate, (r, e) -> Released.INSTANCE));
    this.listing = new RoomListing(room, deps.directory());
    this.purge = new ArchivePurge(room, deps.archive(), deps.clock());
    // The room's clock (fixed in tests, so that the limits there do not depend on how fast they run).
    this.rates = new RateLimits(settings.messageRate(), settings.messageBurst(),
        () -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(deps.clock().millis()));
    this.gate = new RoomGate(room, settings.maxBacklog(), deps.counts(), deps.clock(), deliveries);
  }

  @Override
  public RoomState emptyState() {
    return RoomState.ABSENT;
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
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots())
        .withDeleteEventsOnSnapshot();
  }

  /** A destroyed room leaves a snapshot of nothing, and its older events are deleted. */
  @Override
  public boolean shouldSnapshot(RoomState state, RoomEvent event, long sequenceNr) {
    return event instanceof RoomEvent.RoomDestroyed;
  }

  @Override
  public SignalHandler<RoomState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(RecoveryFailed.class, (state, failed) -> recovery.failed())
        .build();
  }

  @Override
  public EventHandler<RoomState, RoomEvent> eventHandler() {
    return RoomState::apply;
  }

  @Override
  public CommandHandlerWithReply<Command, RoomEvent, RoomState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Inbound.class, this::onInbound)
        .onCommand(RoomsCounted.class, this::onRoomsCounted)
        .onCommand(Counted.class, (s, c) -> {
          counting = false;
          return Effect().noReply().thenUnstashAll();
        })
        .onCommand(HistoryLoaded.class, this::onHistoryLoaded)
        .onCommand(Released.class, (s, c) -> {
          outbox.drain();
          return Effect().noReply();
        })
        .onCommand(Flush.class, (s, c) -> write(false))
        .onCommand(ArchiveAnswered.class, this::onArchiveAnswered)
        .onCommand(Confirmed.class, (s, c) -> {
          deliveries.delivered(c.seq());
          return Effect().noReply();
        })
        .onCommand(StopWaiting.class, (s, c) -> {
          deliveries.stopWaiting(c.waiter());
          return Effect().noReply();
        })
        .onCommand(MemberLeft.class, this::onMemberLeft)
        .onCommand(Verify.class, this::onVerify)
        .onCommand(Checked.class, this::onChecked)
        .onCommand(GetState.class, this::onGetState)
        .onCommand(Destroy.class, this::onDestroy)
        .onCommand(Idle.class, this::onIdle)
        .onCommand(Stop.class, (s, c) -> write(true))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  private void onRecovered(RoomState state) {
    recovery.completed();
    ctx.setReceiveTimeout(settings.passivateAfter(), Idle.INSTANCE);
    try {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
              e -> new MemberLeft(e.member().address().toString())),
          ClusterEvent.MemberRemoved.class));
    } catch (RuntimeException notACluster) {
      log.debug("{}: no cluster to follow ({})", room, notACluster.toString());
    }
    if (!state.exists()) {
      return;
    }
    // The directory follows the journal: say again what this room is (idempotent).
    listing.publish(state);
    purge.started(state);
    loading = true;
    ctx.pipeToSelf(deps.archive().recent(room, state.createdAt(), settings.historySize()), HistoryLoaded::new);
    if (!state.occupants().isEmpty()) {
      scheduleVerify(); // leaves may have died with the node this room was on
      // What the occupants sent while the room was down arrives now, at once: no rate errors for
      // that burst, for the same settling window.
      rates.excuse(state.occupants().values().stream().map(Occupant::occupantId).toList(), settings.verifyDelay());
    }
  }

  private ReplyEffect<RoomEvent, RoomState> onHistoryLoaded(RoomState state, HistoryLoaded cmd) {
    loading = false;
    if (cmd.failure() != null) {
      log.warn("{}: history not loaded ({}); starting without", room, cmd.failure().toString());
    } else {
      sender.loaded(cmd.messages());
    }
    return Effect().noReply().thenUnstashAll();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  private ReplyEffect<RoomEvent, RoomState> onInbound(RoomState written, Inbound cmd) {
    if (loading || counting) {
      return Effect().stash();
    }
    gate.taken(cmd);
    RoomState s = commit.state(written);
    XmlElement stanza = cmd.stanza();
    routes.seen(stanza.attr("from"), cmd.origin(), s.sessions().keySet());
    if (RoomSender.isPassedBack(stanza)) {
      // The answer to an IQ passed through (§7.5): back to the requester, from the target's JID.
      sender.passBack(stanza);
      Receipt.ack(cmd.receipt());
      return Effect().noReply();
    }
    RoomRequest req = RoomRequest.parse(stanza);
    if (req instanceof RoomRequest.Groupchat g ? acks.resent(s, g, cmd.receipt()) : copies.isCopy(cmd.receipt())) {
      return Effect().noReply();
    }
    return decide(written, s, req, cmd, null);
  }

  /** The archive's answer to a XEP-0313 query: sent to the requester behind what was queued before. */
  private ReplyEffect<RoomEvent, RoomState> onArchiveAnswered(RoomState written, ArchiveAnswered cmd) {
    List<XmlElement> answer = cmd.answer();
    if (cmd.failure() != null) {
      log.warn("{}: archive query failed: {}", room, cmd.failure().toString());
      answer = Stanzas.errorReply(cmd.iq(), StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR)
          .withType(StanzaErrorType.WAIT)).map(e -> List.of(e.withAttribute("from", room))).orElse(List.of());
    }
    sender.send(answer.stream().<Outgoing>map(Outgoing.Send::new).toList());
    return Effect().noReply();
  }

  private ReplyEffect<RoomEvent, RoomState> onRoomsCounted(RoomState written, RoomsCounted cmd) {
    // Behind whatever arrived while counting (stashed): those are taken after this decision.
    ctx.getSelf().tell(Counted.INSTANCE);
    if (cmd.count() < 0) {
      Decision refused = Decision.error(cmd.request().stanza(),
          StanzaErrorCondition.INTERNAL_SERVER_ERROR, "try again");
      return apply(written, refused, cmd.request().receipt());
    }
    RoomState s = commit.state(written);
    return decide(written, s, RoomRequest.parse(cmd.request().stanza()), cmd.request(), cmd.count());
  }

  private ReplyEffect<RoomEvent, RoomState> decide(RoomState written, RoomState s, RoomRequest req, Inbound cmd,
      Integer roomsCreated) {
    RoomContext context = context(cmd.origin(), roomsCreated);
    Decision d;
    try {
      d = logic.decide(context, s, req);
    } catch (RuntimeException e) {
      log.warn("{}: internal error on <{}/> id={}", room, cmd.stanza().name(), cmd.stanza().attr("id"), e);
      d = Decision.error(cmd.stanza(), StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }
    if (d.countRoomsOf() != null) {
      counting = true;
      ctx.pipeToSelf(deps.directory().countCreatedBy(d.countRoomsOf()),
          (n, e) -> new RoomsCounted(cmd, e == null ? n : -1));
      return Effect().noReply();
    }
    RoomTally.count(deps.counts(), s, req, d);
    return apply(written, d, cmd.receipt());
  }

  /**
   * Queues a decision: its events into the group commit (a flush follows), its messages into the
   * archive (started now), and what it sends into the outbox behind both.
   */
  private ReplyEffect<RoomEvent, RoomState> apply(RoomState written, Decision d, Receipt receipt) {
    return queue.add(written, d, receipt) ? write(false) : Effect().noReply();
  }

  /**
   * Writes everything the group commit queued as one journal write, then opens its gates and
   * updates the directory; stops the entity afterwards when {@code thenStop}.
   */
  private ReplyEffect<RoomEvent, RoomState> write(boolean thenStop) {
    RoomCommit.Batch batch = commit.drain();
    var effect = (batch.events().isEmpty() ? Effect().none() : Effect().persist(batch.events()))
        .thenRun(state -> {
          batch.opened();
          listing.written(batch.events(), state);
          purge.written(batch.events());
          if (!state.exists() || state.occupants().isEmpty()) {
            ctx.setReceiveTimeout(settings.passivateAfter(), Idle.INSTANCE);
          }
          outbox.drain();
        });
    return (thenStop ? effect.thenStop() : effect).thenNoReply();
  }

  // ---------------------------------------------------------------------------------------------
  // Cluster membership and the occupants' sessions

  private ReplyEffect<RoomEvent, RoomState> onMemberLeft(RoomState state, MemberLeft cmd) {
    deliveries.nodeRemoved(cmd.node());
    routes.nodeRemoved(cmd.node());
    if (state.exists() && !state.occupants().isEmpty()) {
      scheduleVerify();
    }
    return Effect().noReply();
  }

  private void scheduleVerify() {
    if (!verifyScheduled) {
      verifyScheduled = true;
      ctx.scheduleOnce(settings.verifyDelay(), ctx.getSelf(), Verify.INSTANCE);
    }
  }

  private ReplyEffect<RoomEvent, RoomState> onVerify(RoomState state, Verify cmd) {
    verifyScheduled = false;
    RoomState s = commit.state(state);
    for (String session : s.sessions().keySet()) {
      CompletionStage<Boolean> asked = deps.sessions().stillIn(session, room);
      ctx.pipeToSelf(asked, (present, e) -> new Checked(session, e == null ? present : null));
    }
    return Effect().noReply();
  }

  private ReplyEffect<RoomEvent, RoomState> onChecked(RoomState written, Checked cmd) {
    RoomState s = commit.state(written);
    if (cmd.present() == null || cmd.present() || !s.sessions().containsKey(cmd.fullJid())) {
      return Effect().noReply();
    }
    log.info("{}: {} is no longer in the room (its session is gone); removing it", room, cmd.fullJid());
    RoomContext context = context(null, null);
    return apply(written, logic.sessionGone(context, s, cmd.fullJid()), null);
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  private ReplyEffect<RoomEvent, RoomState> onGetState(RoomState written, GetState cmd) {
    if (commit.isEmpty()) {
      return Effect().reply(cmd.replyTo(), written);
    }
    RoomState provisional = commit.state(written);
    outbox.add(commit.add(written, List.of()), () -> cmd.replyTo().tell(provisional));
    return Effect().noReply();
  }

  private ReplyEffect<RoomEvent, RoomState> onDestroy(RoomState written, Destroy cmd) {
    RoomState s = commit.state(written);
    if (!s.exists()) {
      return Effect().reply(cmd.replyTo(), new Destroyed(false));
    }
    RoomContext context = context(null, null);
    ReplyEffect<RoomEvent, RoomState> effect = apply(written, logic.destroyByOperator(context, s, cmd.reason(),
        cmd.alternate()), null);
    outbox.add(null, () -> cmd.replyTo().tell(new Destroyed(true)));
    return effect;
  }

  private ReplyEffect<RoomEvent, RoomState> onIdle(RoomState state, Idle cmd) {
    if ((!state.exists() || state.occupants().isEmpty()) && commit.isEmpty() && outbox.isEmpty()
        && deliveries.pendingCount() == 0) {
      log.debug("{}: idle, passivating", room);
      deps.lifecycle().passivated();
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
    return Effect().noReply();
  }

  /** What a decision needs besides the state, now. */
  private RoomContext context(String origin, Integer roomsCreated) {
    return new RoomContext(room, deps.domain(), settings, deps.clock().instant(), origin, rates::allow, roomsCreated,
        deps.archive().queryFeatures());
  }
}
