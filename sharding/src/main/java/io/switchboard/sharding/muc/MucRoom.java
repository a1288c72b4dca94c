package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.muc.StanzaId;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * is thin: {@link RoomLogic} decides, the entity journals ({@link RoomCommit}: events of requests
 * arriving together are written together), archives groupchat messages ({@link RoomArchive}),
 * and sends, in decision order ({@link RoomOutbox}), through a relay per node ({@link Deliveries}).
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
 *       recognised ({@link RecentMessages}: by occupant id and message id): not archived twice,
 *       and sent to the occupants once more only if the earlier incarnation archived it (delivery
 *       unknown). So no message the room accepted is lost; a few may be delivered twice.</li>
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

  private record Confirmed(long seq) implements Command {}

  private record StopWaiting(long waiter) implements Command {}

  private record MemberLeft(String node) implements Command {}

  private record Checked(String fullJid, Boolean present) implements Command {}

  private enum Released implements Command {
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
      SessionCheck sessions, RelayDirectory relays, Clock clock) {
    public Deps {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(archive, "archive");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(sessions, "sessions");
      Objects.requireNonNull(relays, "relays");
      Objects.requireNonNull(clock, "clock");
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

  public static Behavior<Command> create(String room, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    return Behaviors.setup(ctx -> new MucRoom(ctx, room, shard, deps));
  }

  /** Tests: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  private final ActorContext<Command> ctx;
  private final String room;
  private final String service;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Deps deps;
  private final MucSettings settings;
  private final RoomLogic logic = new RoomLogic();
  private final RoomCommit commit = new RoomCommit();
  private final RoomOutbox outbox = new RoomOutbox();
  private final Deliveries deliveries;
  private final HistoryCache history;
  private final RecentMessages recent;
  private final RateLimits rates;
  private final IqPassThrough passThrough = new IqPassThrough(1000);
  /** Where each session's entity was last seen (the node that routed its latest stanza). */
  private final Map<String, String> routes = new HashMap<>();
  private boolean loading;
  private boolean verifyScheduled;

  private MucRoom(ActorContext<Command> ctx, String room, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    super(PersistenceId.of(TYPE_KEY.name(), room));
    this.ctx = ctx;
    this.room = room;
    this.service = room.substring(room.indexOf('@') + 1);
    this.shard = shard;
    this.deps = deps;
    this.settings = deps.settings();
    this.deliveries = new Deliveries(deps.relays(), Math.floorMod(room.hashCode(), deps.relays().perNode()),
        ctx.messageAdapter(MucRelay.Delivered.class, d -> new Confirmed(d.seq())), settings.maxPendingDeliveries());
    this.history = new HistoryCache(settings.historySize());
    this.recent = new RecentMessages(Math.max(1000, settings.historySize()));
    this.rates = new RateLimits(settings.messageRate(), settings.messageBurst(), System::nanoTime);
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
        .onCommand(HistoryLoaded.class, this::onHistoryLoaded)
        .onCommand(Released.class, (s, c) -> {
          outbox.drain();
          return Effect().noReply();
        })
        .onCommand(Flush.class, (s, c) -> write(false))
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
    publish(state);
    loading = true;
    ctx.pipeToSelf(deps.archive().recent(room, state.createdAt(), settings.historySize()), HistoryLoaded::new);
    if (!state.occupants().isEmpty()) {
      scheduleVerify(); // leaves may have died with the node this room was on
    }
  }

  private ReplyEffect<RoomEvent, RoomState> onHistoryLoaded(RoomState state, HistoryLoaded cmd) {
    loading = false;
    if (cmd.failure() != null) {
      log.warn("{}: history not loaded ({}); starting without", room, cmd.failure().toString());
    } else {
      for (RoomArchive.Archived a : cmd.messages()) {
        XmlElement m = withStanzaId(a.message(), a.id());
        history.add(m, a.stamp());
        recent.archived(keyOf(m), m);
      }
    }
    return Effect().noReply().thenUnstashAll();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  private ReplyEffect<RoomEvent, RoomState> onInbound(RoomState written, Inbound cmd) {
    if (loading) {
      return Effect().stash();
    }
    RoomState s = commit.state(written);
    XmlElement stanza = cmd.stanza();
    String from = stanza.attr("from");
    if (from != null && cmd.origin() != null && s.sessions().containsKey(from)) {
      routes.put(from, cmd.origin());
      if (routes.size() > 2 * s.sessions().size() + 16) {
        routes.keySet().retainAll(s.sessions().keySet()); // sessions that left
      }
    }
    if (stanza.name().equals("iq") && stanza.attr("to") != null && stanza.attr("to").indexOf('/') > 0
        && ("result".equals(stanza.attr("type")) || "error".equals(stanza.attr("type")))) {
      // The answer to an IQ passed through (§7.5): back to the requester, from the target's JID.
      passThrough.answer(stanza).ifPresent(answer -> send(List.of(new Outgoing.Send(answer))));
      Receipt.ack(cmd.receipt());
      return Effect().noReply();
    }
    RoomRequest req = RoomRequest.parse(stanza);
    if (req instanceof RoomRequest.Groupchat g && resent(s, g, cmd.receipt())) {
      return Effect().noReply();
    }
    return decide(written, s, req, cmd, null);
  }

  private ReplyEffect<RoomEvent, RoomState> onRoomsCounted(RoomState written, RoomsCounted cmd) {
    if (cmd.count() < 0) {
      Decision refused = Decision.error(cmd.request().stanza(),
          io.switchboard.protocol.error.StanzaErrorCondition.INTERNAL_SERVER_ERROR, "try again");
      return apply(written, refused, cmd.request().receipt());
    }
    RoomState s = commit.state(written);
    return decide(written, s, RoomRequest.parse(cmd.request().stanza()), cmd.request(), cmd.count());
  }

  private ReplyEffect<RoomEvent, RoomState> decide(RoomState written, RoomState s, RoomRequest req, Inbound cmd,
      Integer roomsCreated) {
    RoomContext context = new RoomContext(room, deps.domain(), settings, deps.clock().instant(),
        cmd.origin(), rates::allow, roomsCreated);
    Decision d;
    try {
      d = logic.decide(context, s, req);
    } catch (RuntimeException e) {
      log.warn("{}: internal error on <{}/> id={}", room, cmd.stanza().name(), cmd.stanza().attr("id"), e);
      d = Decision.error(cmd.stanza(), io.switchboard.protocol.error.StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }
    if (d.countRoomsOf() != null) {
      ctx.pipeToSelf(deps.directory().countCreatedBy(d.countRoomsOf()),
          (n, e) -> new RoomsCounted(cmd, e == null ? n : -1));
      return Effect().noReply();
    }
    return apply(written, d, cmd.receipt());
  }

  /**
   * A groupchat message that may be a copy sent again (its sender's acknowledgement was lost):
   * handled here and true when it is one (see {@link RecentMessages}).
   */
  private boolean resent(RoomState s, RoomRequest.Groupchat g, Receipt receipt) {
    Occupant sender = s.bySession(g.from());
    String id = StanzaId.originId(g.stanza()).orElse(g.stanza().attr("id"));
    if (sender == null || id == null || g.stanza().child("body", g.stanza().namespace()).isEmpty()) {
      return false;
    }
    String key = sender.occupantId() + " " + id;
    RecentMessages.Known known = recent.get(key);
    if (known == null) {
      return false;
    }
    if (known instanceof RecentMessages.Pending p) {
      if (receipt != null) {
        p.receipts().add(receipt);
      }
    } else if (known instanceof RecentMessages.Archived a) {
      log.debug("{}: message {} sent again after a restart; delivering it once more", room, key);
      recent.pending(key, receipt);
      outbox.add(null, () -> {
        Set<Long> seqs = deliveries.send(List.of(new MucRelay.Part(a.message(), Messaging.everyone(s))), this::nodeOf);
        awaitThenAck(seqs, key);
      });
    } else {
      Receipt.ack(receipt);
    }
    return true;
  }

  /**
   * Queues a decision: its events into the group commit (a flush follows), its messages into the
   * archive (started now), and what it sends into the outbox behind both.
   */
  private ReplyEffect<RoomEvent, RoomState> apply(RoomState written, Decision d, Receipt receipt) {
    CompletableFuture<Void> journaled = null;
    boolean writeNow = false;
    if (!d.events().isEmpty() || !commit.isEmpty()) {
      boolean first = commit.isEmpty();
      journaled = commit.add(written, d.events());
      writeNow = commit.full();
      if (first && !writeNow) {
        ctx.getSelf().tell(Flush.INSTANCE);
      }
    }
    Map<Outgoing.Broadcast, CompletableFuture<String>> archived = new HashMap<>();
    List<CompletableFuture<?>> gates = new ArrayList<>();
    if (journaled != null) {
      gates.add(journaled);
    }
    Instant now = deps.clock().instant();
    for (Outgoing o : d.out()) {
      if (o instanceof Outgoing.Broadcast b) {
        recent.pending(b.dedupeKey(), null);
        CompletableFuture<String> id = deps.archive().append(room, now, b.with(), b.message()).toCompletableFuture();
        archived.put(b, id);
        gates.add(id);
      }
    }
    CompletableFuture<?> gate = gates.isEmpty() ? null
        : gates.size() == 1 ? gates.get(0) : CompletableFuture.allOf(gates.toArray(new CompletableFuture<?>[0]));
    List<RoomEvent> events = d.events();
    outbox.add(gate, () -> release(events, d.out(), archived, now, receipt));
    if (gate != null && !gate.isDone()) {
      ctx.pipeToSelf(gate.handle((r, e) -> null), (r, e) -> Released.INSTANCE);
    }
    return writeNow ? write(false) : Effect().noReply();
  }

  /** Sends a decision's stanzas, once its gate opened, and acknowledges its receipt. */
  private void release(List<RoomEvent> events, List<Outgoing> out, Map<Outgoing.Broadcast, CompletableFuture<String>> archived,
      Instant stamp, Receipt receipt) {
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.RoomDestroyed) {
        history.clear();
        recent.clear();
        routes.clear();
      }
    }
    List<MucRelay.Part> parts = new ArrayList<>();
    String broadcastKey = null;
    boolean broadcast = false;
    for (Outgoing o : out) {
      if (o instanceof Outgoing.Send s) {
        parts.add(new MucRelay.Part(s.stanza(), List.of()));
      } else if (o instanceof Outgoing.Fanout f) {
        if (!f.recipients().isEmpty()) {
          parts.add(new MucRelay.Part(f.template(), f.recipients()));
        }
      } else if (o instanceof Outgoing.History h) {
        for (XmlElement m : history.select(h.join(), h.defaultMessages(), deps.clock().instant(), room, h.fullJid())) {
          parts.add(new MucRelay.Part(m, List.of()));
        }
      } else if (o instanceof Outgoing.Broadcast b) {
        XmlElement message = b.message();
        CompletableFuture<String> id = archived.get(b);
        if (id != null && !id.isCompletedExceptionally()) {
          message = withStanzaId(message, id.join());
          history.add(message, stamp);
        } else {
          log.warn("{}: message not archived ({}); sent without a stanza-id", room,
              id == null ? "no archive" : id.handle((v, e) -> String.valueOf(e)).join());
        }
        broadcast = true;
        broadcastKey = b.dedupeKey();
        if (!b.recipients().isEmpty()) {
          parts.add(new MucRelay.Part(message, b.recipients()));
        }
      } else if (o instanceof Outgoing.ForwardIq f) {
        parts.add(new MucRelay.Part(passThrough.forward(f.iq(), f.target(), f.asOccupant()), List.of()));
      }
    }
    Set<Long> seqs = parts.isEmpty() ? Set.of() : deliveries.send(parts, this::nodeOf);
    if (broadcast) {
      if (broadcastKey == null) {
        long waiter = deliveries.await(seqs, () -> Receipt.ack(receipt));
        ctx.scheduleOnce(settings.deliveryAckTimeout(), ctx.getSelf(), new StopWaiting(waiter));
      } else {
        RecentMessages.Known k = recent.get(broadcastKey);
        if (k instanceof RecentMessages.Pending p && receipt != null) {
          p.receipts().add(receipt);
        }
        awaitThenAck(seqs, broadcastKey);
      }
    } else {
      Receipt.ack(receipt);
    }
  }

  /** Acknowledges the receipts waiting for {@code key} once {@code seqs} are confirmed (or soon). */
  private void awaitThenAck(Set<Long> seqs, String key) {
    long waiter = deliveries.await(seqs, () -> recent.delivered(key).forEach(r -> r.ack()));
    ctx.scheduleOnce(settings.deliveryAckTimeout(), ctx.getSelf(), new StopWaiting(waiter));
  }

  /** The node whose relay takes what goes to {@code fullJid}: where its entity was last seen. */
  private String nodeOf(String fullJid) {
    return routes.get(fullJid);
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
          afterWrite(batch.events(), state);
          outbox.drain();
        });
    return (thenStop ? effect.thenStop() : effect).thenNoReply();
  }

  /** The directory follows creation, configuration and destruction. */
  private void afterWrite(List<RoomEvent> events, RoomState state) {
    boolean created = false;
    boolean configured = false;
    RoomEvent.RoomCreated createdEvent = null;
    boolean destroyed = false;
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.RoomCreated c) {
        created = true;
        createdEvent = c;
        destroyed = false;
      } else if (e instanceof RoomEvent.RoomConfigured) {
        configured = true;
      } else if (e instanceof RoomEvent.RoomDestroyed) {
        destroyed = true;
      }
    }
    if (destroyed) {
      String creator = createdEvent != null ? createdEvent.creator() : null;
      deps.directory().remove(service, localpart(), creator)
          .whenComplete((v, e) -> warnIf(e, "directory: removing"));
    } else if ((created || configured) && state.exists()) {
      publish(state);
    }
    if (!state.exists() || state.occupants().isEmpty()) {
      ctx.setReceiveTimeout(settings.passivateAfter(), Idle.INSTANCE);
    }
  }

  private void publish(RoomState state) {
    RoomConfig c = state.config();
    deps.directory().put(new RoomDirectory.Listing(service, localpart(), c.name(), c.publicRoom() && !state.locked(),
            c.persistent(), state.creator(), state.createdAt()))
        .whenComplete((v, e) -> warnIf(e, "directory: listing"));
  }

  private void warnIf(Throwable e, String what) {
    if (e != null) {
      log.warn("{}: {} failed: {}", room, what, e.toString());
    }
  }

  private String localpart() {
    return room.substring(0, room.indexOf('@'));
  }

  private void send(List<Outgoing> out) {
    outbox.add(null, () -> release(List.of(), out, Map.of(), deps.clock().instant(), null));
  }

  // ---------------------------------------------------------------------------------------------
  // Cluster membership and the occupants' sessions

  private ReplyEffect<RoomEvent, RoomState> onMemberLeft(RoomState state, MemberLeft cmd) {
    deliveries.nodeRemoved(cmd.node());
    routes.values().removeIf(cmd.node()::equals);
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
    RoomContext context = new RoomContext(room, deps.domain(), settings, deps.clock().instant(), null,
        rates::allow, null);
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
    RoomContext context = new RoomContext(room, deps.domain(), settings, deps.clock().instant(), null,
        rates::allow, null);
    ReplyEffect<RoomEvent, RoomState> effect = apply(written, logic.destroyByOperator(context, s, cmd.reason(),
        cmd.alternate()), null);
    outbox.add(null, () -> cmd.replyTo().tell(new Destroyed(true)));
    return effect;
  }

  private ReplyEffect<RoomEvent, RoomState> onIdle(RoomState state, Idle cmd) {
    if ((!state.exists() || state.occupants().isEmpty()) && commit.isEmpty() && outbox.isEmpty()
        && deliveries.pendingCount() == 0) {
      log.debug("{}: idle, passivating", room);
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
    return Effect().noReply();
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code message} with the room's XEP-0359 stanza-id (replacing any other by the room). */
  private XmlElement withStanzaId(XmlElement message, String id) {
    return message.withChild(new StanzaId(id, room).toElement());
  }

  /** The resend key of an archived message: its occupant id and its origin-id or id. */
  private static String keyOf(XmlElement m) {
    String occupant = OccupantId.in(m).map(OccupantId::id).orElse(null);
    String id = StanzaId.originId(m).orElse(m.attr("id"));
    return occupant == null || id == null ? null : occupant + " " + id;
  }
}
