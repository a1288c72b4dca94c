package io.switchboard.node.c2s;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
 */
final class ConnectionActor extends AbstractBehavior<Object> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionActor.class);

  /** Timings of the resend loop; see the class comment. */
  record Timing(Duration resendAfter, Duration linger) {}

  /** Node-internal: the client sent this stanza (in order, from the connection's event loop). */
  record Outbound(XmlElement stanza) {}

  /** Node-internal: the initial bind succeeded with this entity incarnation. */
  record Bound(ActorRef<UserSession.Command> entity) {}

  /**
   * Node-internal: the session ended. When {@code unbind}, the entity is told the resource is
   * gone (after every stanza sent before), and {@code unacked} (XEP-0198: what the client never
   * acknowledged) is routed again to the bare JID, where another resource or offline storage
   * takes it (RFC 6121 §8.5.3.2.1).
   */
  record Stop(boolean unbind, List<XmlElement> unacked) {
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

  private final ActorContext<Object> ctx;
  private final ClientSession session;
  private final Router router;
  private final Timing timing;
  private final Fallback fallback;
  private final ActorRef<ConnectionMessage> self;
  private final Outbox outbox = new Outbox();
  private final TimerScheduler<Object> timers;
  private final LiveActors live;
  private ActorRef<UserSession.Command> entity;
  private boolean reattaching;
  private boolean stopping;
  private long lingerUntil;

  private ConnectionActor(
      ActorContext<Object> ctx, TimerScheduler<Object> timers, ClientSession session, Router router,
      Timing timing, Fallback fallback, LiveActors live) {
    super(ctx);
    this.live = live;
    this.ctx = ctx;
    this.session = session;
    this.router = router;
    this.timing = timing;
    this.fallback = fallback;
    this.self = ctx.getSelf().narrow();
    this.timers = timers;
    Duration tick = timing.resendAfter().dividedBy(2);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, tick.isZero() ? Duration.ofMillis(100) : tick);
  }

  static Behavior<Object> create(
      ClientSession session, Router router, Timing timing, Fallback fallback, LiveActors live) {
    return Behaviors.setup(ctx -> {
      live.started();
      return Behaviors.withTimers(timers ->
          new ConnectionActor(ctx, timers, session, router, timing, fallback, live));
    });
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Outbound.class, this::onOutbound)
        .onMessage(ConnectionMessage.Accepted.class, this::onAccepted)
        .onMessage(ConnectionMessage.Deliver.class, this::onDeliver)
        .onMessageEquals(ConnectionMessage.Replaced.INSTANCE, () -> {
          session.closeWith(StreamErrorCondition.CONFLICT, "replaced by a new login for this resource");
          return this;
        })
        .onMessage(ConnectionMessage.Close.class, c -> {
          session.closeWith(condition(c.condition()), "the account is gone");
          return this;
        })
        .onMessageEquals(ConnectionMessage.Rebind.INSTANCE, () -> {
          reattach();
          return this;
        })
        .onMessage(Bound.class, b -> {
          watch(b.entity());
          return this;
        })
        .onMessage(EntityStopped.class, this::onEntityStopped)
        .onMessage(Reattached.class, this::onReattached)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(RetryReattach.INSTANCE, () -> {
          reattach();
          return this;
        })
        .onMessage(Stop.class, this::onStop)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
          live.stopped();
          return this;
        })
        .build();
  }

  private Behavior<Object> onOutbound(Outbound o) {
    if (!outbox.probing() && !reattaching) {
      send(outbox.add(o.stanza(), now()));
    } else {
      // Held back: marked as never sent, so it goes with the next resend, in order.
      outbox.add(o.stanza(), Long.MIN_VALUE / 2);
    }
    return this;
  }

  private Behavior<Object> onAccepted(ConnectionMessage.Accepted a) {
    boolean wasProbing = outbox.probing();
    outbox.accept(a.seq());
    if (wasProbing && !outbox.probing() && !reattaching) {
      // The way is open again: what was held back or lost goes now, in order; what was sent
      // recently is still on its way and is not sent twice.
      resendStale();
    }
    return stopping && outbox.isEmpty() ? Behaviors.stopped() : this;
  }

  private Behavior<Object> onDeliver(ConnectionMessage.Deliver d) {
    if (session.deliver(d.stanza())) {
      Receipt.ack(d.receipt());
    } else {
      fallback.undeliverable(session, d.stanza(), d.receipt());
    }
    return this;
  }

  private Behavior<Object> onTick() {
    long now = now();
    if (stopping && (outbox.isEmpty() || now >= lingerUntil)) {
      if (!outbox.isEmpty()) {
        log.warn("{}: {} stanzas still unacknowledged {} after the session ended; giving up",
            session.jid(), outbox.size(), timing.linger());
      }
      return Behaviors.stopped();
    }
    if (!reattaching) {
      outbox.dueForProbe(now, timing.resendAfter().toNanos()).ifPresent(e -> {
        log.debug("{}: stanza {} unacknowledged for {}, probing", session.jid(), e.seq(), timing.resendAfter());
        send(e);
      });
    }
    return this;
  }

  private Behavior<Object> onEntityStopped(EntityStopped m) {
    if (m.entity().equals(entity)) {
      entity = null;
      log.debug("{}: entity incarnation stopped, re-attaching", session.jid());
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
      log.debug("{}: re-attach unanswered ({}); trying again", session.jid(), r.failure().toString());
      timers.startSingleTimer(RetryReattach.INSTANCE, Duration.ofSeconds(1));
      return this;
    }
    // A refused connection still gets its messages to other users delivered (the entity routes
    // messages from connections it does not know).
    sendAll();
    return this;
  }

  private Behavior<Object> onStop(Stop s) {
    if (s.unbind()) {
      router.unbind(session.jid(), self);
      for (XmlElement stanza : s.unacked()) {
        fallback.undeliverable(session, stanza, null);
      }
    }
    outbox.retainMessages();
    if (outbox.isEmpty()) {
      return Behaviors.stopped();
    }
    stopping = true;
    lingerUntil = now() + timing.linger().toNanos();
    return this;
  }

  private void send(Outbox.Entry e) {
    e.sentAt(now());
    router.fromClient(session.jid(), e.stanza(), new Receipt(self, e.seq()));
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
    if (session.ended() || reattaching) {
      return;
    }
    reattaching = true;
    ctx.pipeToSelf(
        router.reattach(session.jid(), self, session.lastPresence(), session.rosterRequested(),
            REATTACH_ATTEMPT),
        Reattached::new);
  }

  private static StreamErrorCondition condition(String name) {
    return StreamErrorCondition.fromElementName(name).orElse(StreamErrorCondition.NOT_AUTHORIZED);
  }

  private static long now() {
    return System.nanoTime();
  }
}
