package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.sm.SmTicket;
import io.switchboard.sharding.trace.Trace;
import io.switchboard.protocol.sm.Ack;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address a bound client has in the cluster: its {@code UserSession} entity, wherever it
 * lives, sends {@link ConnectionMessage}s here, and this actor hands them to the
 * {@link ClientSession}. It lives as long as the session (including while a dropped session
 * waits to be resumed), so the entity's death-watch on it means "this resource is gone".
 *
 * <p>It is also the client's way into the cluster. Every stanza the client sends goes to the
 * entity with a sequence number and a {@link Receipt}, and stays in an {@link Outbox} until the
 * receipt comes back. The actor watches the entity incarnation it is bound to: when that stops
 * (its node crashed or handed the shard off), the actor re-attaches to the next incarnation and
 * sends again what was not acknowledged. Without a stop notice (a message lost on the way to a
 * node that just died), the oldest unacknowledged stanza is probed again every
 * {@code resendAfter}; new stanzas wait meanwhile, so order is kept. When the session ends the
 * actor lingers until its outbox is empty (at most {@code linger}).
 *
 * <p>The outbox is bounded: once {@code maxInFlight} of the client's stanzas wait for the cluster
 * (an overloaded archive, an entity moving to another node), reading from the client is held until
 * half of them were acknowledged ({@link ClientSession#handedToCluster}, decided on the stream's
 * thread before it parses the next stanza; this actor reports what left the outbox). A client faster
 * than the cluster is slowed by TCP back-pressure rather than read into memory: the outbox holds at
 * most {@code maxInFlight} of its stanzas.
 *
 * <p>XEP-0198: it answers the client's {@code <r/>} with how many of its stanzas the cluster
 * took (not merely how many arrived), so what it acknowledges survives this node. With
 * resumption on, the entity holds a {@link SmTicket}; when the stream drops, the actor parks the
 * session with the entity ({@link UserSession.Park}) and waits to be released
 * ({@link ConnectionMessage.Released}: resumed elsewhere, expired, or node shutdown).
 */
final class ConnectionActor extends AbstractBehavior<Object> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionActor.class);

  /**
   * The resend loop's timings and the in-flight bound; see the class comment.
   *
   * @param maxInFlight the client's stanzas not yet acknowledged by the cluster at which reading
   *     from the client is held; it is released at half
   */
  record Pacing(Duration resendAfter, Duration linger, Duration ackTimeout, int maxInFlight) {}

  /**
   * Node-internal: the client sent this stanza (in order, from the connection's event loop).
   * {@code local}: the node answered it itself; it is only counted.
   */
  record Outbound(XmlElement stanza, boolean local) {
    Outbound(XmlElement stanza) {
      this(stanza, false);
    }
  }

  /** Node-internal: the client asked for an acknowledgement ({@code <r/>}). */
  enum AckRequest {
    INSTANCE
  }

  /**
   * Node-internal: XEP-0198 was enabled; with resumption when {@code token} (the id) is not null.
   */
  record EnableStreamManagement(String token, Duration resumeFor) {}

  /**
   * Node-internal: this connection resumed a parked session; {@code handled} stanzas of the client
   * were handled before it.
   */
  record Resumed(String token, long handled, Duration resumeFor, ActorRef<UserSession.Command> entity) {}

  /** Node-internal: the stream dropped with resumption on; park the session with the entity. */
  enum Park {
    INSTANCE
  }

  /** Node-internal: the initial bind succeeded with this entity incarnation. */
  record Bound(ActorRef<UserSession.Command> entity) {}

  /**
   * Node-internal: the session ended. When {@code unbind}, the entity is told the resource is
   * gone (after every stanza sent before), and {@code unacked} (XEP-0198: what the client never
   * acknowledged) is routed again to the bare JID, where another resource or offline storage
   * takes it (RFC 6121 §8.5.3.2.1).
   */
  record Stop(boolean unbind, List<ClientSession.Sent> unacked) {
    static final Stop UNBOUND = new Stop(false, List.of());
  }

  /** A stanza that reached an ended session goes back through the router. */
  interface Fallback {
    void undeliverable(ClientSession session, XmlElement stanza, Receipt receipt);
  }

  private enum Tick {
    INSTANCE
  }

  /** Try the re-attach again (the last attempt went unanswered). */
  private enum RetryReattach {
    INSTANCE
  }

  /**
   * One re-attach attempt waits this long. An attempt sent just as the entity's node was removed
   * can go to the dead node (the shard region had not yet forgotten it): then it is sent again.
   */
  private static final Duration REATTACH_ATTEMPT = Duration.ofSeconds(5);

  private record EntityStopped(ActorRef<UserSession.Command> entity) {}

  private record Reattached(BindResult result, Throwable failure) {}

  private static final long MOD = 1L << 32;

  private final ActorContext<Object> ctx;
  private final ClientSession session;
  private final SessionGateway router;
  private final Pacing timing;
  private final Fallback fallback;
  private final ActorRef<ConnectionMessage> self;
  private final Outbox outbox = new Outbox();
  /**
   * The next {@link Tick}, armed only while there is something to watch ({@link #needsTick}): an
   * idle session has none, so it holds no timer (a periodic timer per connection cost its memory
   * and a message every {@code resendAfter / 2} for each of a node's idle sessions).
   */
  private Cancellable tick;
  private final LiveActors live;
  private ActorRef<UserSession.Command> entity;
  private boolean reattaching;
  private boolean stopping;
  /** When this actor started (no ack deadline runs within one ack timeout of a hold's release). */
  private final long startedAt = now();
  private long lingerUntil;
  /**
   * After the session ended the actor stays at least until this (one {@code resendAfter}), so a
   * delivery the entity sent before it heard of the end is handed back (to another resource or
   * offline storage) rather than lost as a dead letter.
   */
  private long graceUntil;
  /** XEP-0198 resumption: id, stanzas handled before this connection, outbox seq at enable. */
  private String smToken;
  private long smOffset;
  private long smSeqBase;
  private Duration resumeFor = Duration.ZERO;
  /** The park not yet accepted by the entity (sent again on every tick). */
  private ClientSession.Parked parkPending;
  private final ParkedSessions parkedSessions;

  private ConnectionActor(
      ActorContext<Object> ctx, ClientSession session, SessionGateway router,
      Pacing timing, Fallback fallback, LiveActors live, ParkedSessions parkedSessions) {
    super(ctx);
    this.parkedSessions = parkedSessions;
    this.live = live;
    this.ctx = ctx;
    this.session = session;
    this.router = router;
    this.timing = timing;
    this.fallback = fallback;
    this.self = ctx.getSelf().narrow();
  }

  static Behavior<Object> create(
      ClientSession session, SessionGateway router, Pacing timing, Fallback fallback, LiveActors live,
      ParkedSessions parkedSessions) {
    return Behaviors.setup(ctx -> {
      live.started();
      return new ConnectionActor(ctx, session, router, timing, fallback, live, parkedSessions);
    });
  }

  /**
   * One case that dispatches, rather than a builder case per message: the receive is built for
   * every connection, and 19 cases with their lambdas cost about 1 KB per connection.
   */
  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onAnyMessage(this::handleAndWatch)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
          if (tick != null) {
            tick.cancel();
          }
          parkedSessions.remove(ctx.getSelf());
          live.stopped();
          return this;
        })
        .build();
  }

  private Behavior<Object> handleAndWatch(Object m) {
    if (m == Tick.INSTANCE) {
      tick = null;
    }
    int before = outbox.size();
    Behavior<Object> next = handle(m);
    // What left the outbox was acknowledged (or dropped at the end); the stream counted what came in.
    int left = before + (m instanceof Outbound o && !o.local() ? 1 : 0) - outbox.size();
    if (left > 0) {
      session.acknowledgedByCluster(left, timing.maxInFlight());
    }
    if (tick == null && needsTick()) {
      Duration half = timing.resendAfter().dividedBy(2);
      tick = ctx.scheduleOnce(half.isZero() ? Duration.ofMillis(100) : half, ctx.getSelf(), Tick.INSTANCE);
    }
    return next;
  }

  /**
   * What {@link #onTick} watches: stanzas not yet acknowledged by the entity, a park not yet
   * accepted, the linger after the end, and (XEP-0198 with resumption) the client's overdue acks.
   */
  private boolean needsTick() {
    return !outbox.isEmpty() || parkPending != null || stopping || smToken != null;
  }

  private Behavior<Object> handle(Object m) {
    if (m instanceof ConnectionMessage.Deliver d) {
      return onDeliver(d);
    }
    if (m instanceof Outbound o) {
      return onOutbound(o);
    }
    if (m instanceof ConnectionMessage.Accepted a) {
      return onAccepted(a.seq(), () -> outbox.accept(a.seq(), a.archives()));
    }
    if (m instanceof ConnectionMessage.Archived a) {
      return onAccepted(a.seq(), () -> outbox.archived(a.seq(), a.owner()));
    }
    if (m instanceof ConnectionMessage.ResourceRecorded r) {
      session.recorded(r.record());
      return this;
    }
    if (m == Tick.INSTANCE) {
      return onTick();
    }
    if (m == ConnectionMessage.Replaced.INSTANCE) {
      session.closeWith(StreamErrorCondition.CONFLICT, "replaced by a new login for this resource");
      return this;
    }
    if (m instanceof ConnectionMessage.Close c) {
      // not-authorized: the account was deleted; policy-violation: an admin ended the session (XEP-0133)
      session.closeWith(condition(c.condition()), "policy-violation".equals(c.condition())
          ? "the session was ended by an administrator" : "the account is gone");
      return this;
    }
    if (m == ConnectionMessage.Rebind.INSTANCE || m == RetryReattach.INSTANCE) {
      reattach();
      return this;
    }
    if (m instanceof Bound b) {
      watch(b.entity());
      return this;
    }
    if (m instanceof EntityStopped e) {
      return onEntityStopped(e);
    }
    if (m instanceof Reattached r) {
      return onReattached(r);
    }
    if (m instanceof Stop s) {
      return onStop(s);
    }
    if (m == AckRequest.INSTANCE) {
      session.writeNonza(new Ack(handled()).toElement());
      return this;
    }
    if (m instanceof EnableStreamManagement e) {
      smToken = e.token();
      smOffset = 0;
      smSeqBase = outbox.lastSeq();
      resumeFor = e.resumeFor();
      if (smToken != null) {
        router.streamManagementEnabled(session.jid(), self, ticket());
      }
      return this;
    }
    if (m instanceof Resumed r) {
      smToken = r.token();
      smOffset = r.handled();
      smSeqBase = outbox.lastSeq();
      resumeFor = r.resumeFor();
      watch(r.entity());
      return this;
    }
    if (m == Park.INSTANCE) {
      return onPark();
    }
    if (m == ConnectionMessage.ParkAccepted.INSTANCE) {
      parkPending = null;
      return this;
    }
    if (m == ConnectionMessage.Released.INSTANCE) {
      return onReleased();
    }
    return Behaviors.unhandled();
  }

  private Behavior<Object> onOutbound(Outbound o) {
    long millis = wallClock.millis();
    if (o.local()) {
      outbox.accept(outbox.add(o.stanza(), now(), millis).seq()); // counted, answered by the node
      return this;
    }
    if (!outbox.probing() && !reattaching) {
      send(outbox.add(o.stanza(), now(), millis));
    } else {
      // Held back: marked as never sent, so it goes with the next resend, in order.
      outbox.add(o.stanza(), Long.MIN_VALUE / 2, millis);
    }
    return this;
  }

  /** An acceptance or an archive's confirmation of {@code seq}, applied by {@code apply}. */
  private Behavior<Object> onAccepted(long seq, Runnable apply) {
    boolean wasProbing = outbox.probing();
    apply.run();
    if (wasProbing && !outbox.probing() && !reattaching) {
      // The way is open again: what was held back or lost goes now, in order; what was sent
      // recently is still on its way and is not sent twice.
      resendStale();
    }
    return stopping && outbox.isEmpty() && now() - graceUntil >= 0 ? Behaviors.stopped() : this;
  }

  private Behavior<Object> onDeliver(ConnectionMessage.Deliver d) {
    boolean written = session.deliver(d.stanza(), d.receipt());
    if (Trace.enabled()) {
      Trace.hop(Trace.of(d.receipt()), conn(), written ? "{}: <{}/> from {} written to the client"
          : "{}: <{}/> from {} not written (the session ended), routed again", session.jid(), d.stanza().name(),
          d.stanza().attr("from"));
    }
    if (!written) {
      fallback.undeliverable(session, d.stanza(), d.receipt());
    }
    return this;
  }

  private Behavior<Object> onTick() {
    long now = now();
    if (stopping && ((outbox.isEmpty() && now - graceUntil >= 0) || now - lingerUntil >= 0)) {
      if (!outbox.isEmpty()) {
        Trace.logged(null, conn(), () -> log.warn(
            "{}: {} stanzas still unacknowledged {} after the session ended; giving up",
            session.jid(), outbox.size(), timing.linger()));
      }
      return Behaviors.stopped();
    }
    if (parkPending != null) {
      sendPark(); // unanswered so far (the entity may be moving)
    }
    // The client's acknowledgement may be waiting unread in the socket while reading is held.
    long released = session.readsReleasedAt();
    if (!session.readsHeld() && now - (released == 0 ? startedAt : released) > timing.ackTimeout().toNanos()
        && session.ackOverdue(now, timing.ackTimeout().toNanos())) {
      Trace.logged(null, conn(), () -> log.info("{}: no acknowledgement within {}; closing the stream", session.jid(),
          timing.ackTimeout()));
      session.closeWith(StreamErrorCondition.CONNECTION_TIMEOUT, "no acknowledgement of delivered stanzas");
    }
    if (!reattaching) {
      outbox.dueForProbe(now, timing.resendAfter().toNanos()).ifPresent(e -> {
        if (log.isDebugEnabled()) {
          Trace.logged(Trace.of(e.id()), conn(), () -> log.debug("{}: stanza {} unacknowledged for {}, probing",
              session.jid(), e.seq(), timing.resendAfter()));
        }
        send(e);
      });
    }
    return this;
  }

  private Behavior<Object> onEntityStopped(EntityStopped m) {
    if (m.entity().equals(entity) && session.isParked() && parkPending == null) {
      // The park is journaled; the next incarnation has it, and has no use for this actor.
      entity = null;
      return onReleased();
    }
    if (m.entity().equals(entity)) {
      entity = null;
      if (log.isDebugEnabled()) {
        Trace.logged(null, conn(), () -> log.debug("{}: entity incarnation stopped, re-attaching", session.jid()));
      }
      reattach();
    }
    return this;
  }

  private Behavior<Object> onReattached(Reattached r) {
    reattaching = false;
    if (r.result() instanceof BindResult.Bound b) {
      watch(b.entity());
    } else if (r.result() instanceof BindResult.Refused refused) {
      StreamErrorCondition c = condition(refused.condition());
      session.closeWith(c, c == StreamErrorCondition.CONFLICT
          ? "this resource was bound by a newer login" : "the account is gone");
    } else if (r.failure() != null) {
      if (log.isDebugEnabled()) {
        Trace.logged(null, conn(), () -> log.debug("{}: re-attach unanswered ({}); trying again", session.jid(),
            r.failure().toString()));
      }
      ctx.scheduleOnce(Duration.ofSeconds(1), ctx.getSelf(), RetryReattach.INSTANCE);
      return this;
    }
    // A refused connection still gets its messages to other users delivered (the entity routes
    // messages from connections it does not know).
    sendAll();
    return this;
  }

  private Behavior<Object> onPark() {
    parkPending = session.park();
    parkedSessions.add(ctx.getSelf());
    sendPark();
    return this;
  }

  private void sendPark() {
    router.park(session.jid(), self, parkPending.ackedBase(), parkPending.unacked(),
        parkPending.receipts());
  }

  /** The parked session is over here: end without unbinding (the entity moved on). */
  private Behavior<Object> onReleased() {
    parkedSessions.remove(ctx.getSelf());
    parkPending = null;
    for (ClientSession.Sent sent : session.end()) {
      fallback.undeliverable(session, sent.stanza(), sent.receipt());
    }
    return onStop(Stop.UNBOUND);
  }

  private Behavior<Object> onStop(Stop s) {
    // Ended here too (a bind that completed after its stream closed), so late deliveries are
    // refused and handed back instead of written to a closed socket.
    List<ClientSession.Sent> left = new java.util.ArrayList<>(s.unacked());
    if (!session.ended()) {
      left.addAll(session.end());
    }
    if (s.unbind()) {
      router.unbind(session.jid(), self);
      for (ClientSession.Sent sent : left) {
        fallback.undeliverable(session, sent.stanza(), sent.receipt());
      }
    }
    outbox.retainMessages();
    stopping = true;
    graceUntil = now() + timing.resendAfter().toNanos();
    lingerUntil = now() + timing.linger().toNanos();
    return this;
  }

  private void send(Outbox.Entry e) {
    e.sentAt(now());
    if (Trace.enabled()) {
      Trace.hop(Trace.of(e.id()), conn(), "{}: <{}/> to {} sent to the cluster (seq {})", session.jid(),
          e.stanza().name(), e.stanza().attr("to"), e.seq());
    }
    router.fromClient(session.jid(), e.stanza(), new Receipt(self, e.seq(), e.id(), List.of()));
  }

  /** This connection's id in log lines: from the actor's name ({@link ConnIds}), no field of its own. */
  private String conn() {
    return ConnIds.ofActor(ctx.getSelf());
  }

  private void sendAll() {
    for (Outbox.Entry e : outbox.entries()) {
      send(e);
    }
  }

  private void resendStale() {
    long now = now();
    for (Outbox.Entry e : outbox.entries()) {
      if (e.sentBefore(now - timing.resendAfter().toNanos())) {
        send(e);
      }
    }
  }

  private void watch(ActorRef<UserSession.Command> incarnation) {
    if (incarnation == null || incarnation.equals(entity)) {
      return;
    }
    if (entity != null) {
      ctx.unwatch(entity);
    }
    entity = incarnation;
    ctx.watchWith(incarnation, new EntityStopped(incarnation));
  }

  /** Tells the (possibly new) entity incarnation about this connection again. */
  private void reattach() {
    if (session.ended() || session.isParked() || reattaching) {
      return;
    }
    reattaching = true;
    ctx.pipeToSelf(
        router.reattach(session.jid(), self, session.record(), smToken == null ? null : ticket(), REATTACH_ATTEMPT),
        Reattached::new);
  }

  /** XEP-0198: how many stanzas of the client the cluster took, in order (modulo 2^32). */
  private long handled() {
    return Math.floorMod(smOffset + Math.max(0, outbox.acceptedThrough() - smSeqBase), MOD);
  }

  private SmTicket ticket() {
    return new SmTicket(smToken, smOffset, smSeqBase, outbox.acceptedThrough(), resumeFor.toMillis());
  }

  private static StreamErrorCondition condition(String name) {
    return StreamErrorCondition.fromElementName(name).orElse(StreamErrorCondition.NOT_AUTHORIZED);
  }

  private static long now() {
    return System.nanoTime();
  }

  /** Stamps the archive ids of what the client sends (see {@link Outbox}). */
  private static final java.time.Clock wallClock = java.time.Clock.systemUTC();
}
