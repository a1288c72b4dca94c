package io.switchboard.sharding.session;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.ResourceEvent.ResourceOffline;
import io.switchboard.sharding.session.ResourceEvent.ResourceOnline;
import io.switchboard.sharding.session.sm.ParkedResource;
import io.switchboard.sharding.session.sm.SmTicket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resource binding (RFC 6120 §7) for one account: bind and unbind, the end of a connection, the
 * re-attach of connections after the entity restarted (node crash or shard hand-off), and
 * passivation when no resource is bound.
 *
 * <p>After a restart with resources recorded online ({@link OnlineRecord}), stanzas wait in the
 * stash ({@link #awaitingReattach}) until their connections re-attached or the grace period ended,
 * so presence and messages reach them instead of offline storage. A connection re-attaches with
 * its {@link ResourceRecord}, so the resource comes back whole, directed presence included.
 */
public final class Binding {
  private static final Logger log = LoggerFactory.getLogger(Binding.class);

  /** The watched connection of {@code resource} ended. */
  record ConnectionTerminated(String resource, ActorRef<ConnectionMessage> connection)
      implements UserSession.Command {}

  /**
   * Resources recorded online that have not re-attached are gone: those on nodes that left the
   * cluster ({@code departedOnly}, right after recovery), or all (the grace period is over).
   */
  record ReattachGraceOver(boolean departedOnly) implements UserSession.Command {}

  private final SessionContext ctx;
  /** Stanzas are stashed until the connections recorded online re-attached (see the class comment). */
  private boolean awaitingReattach;
  /** The pending passivation while no resource is bound (see {@link #updateIdleTimer}). */
  private Cancellable idleTimer;

  Binding(SessionContext ctx) {
    this.ctx = ctx;
  }

  /** A binding over a context that is not an entity (tests of other parts). */
  public static Binding forTests(SessionContext ctx) {
    return new Binding(ctx);
  }

  boolean awaitingReattach() {
    return awaitingReattach;
  }

  // ---------------------------------------------------------------------------------------------
  // Bind, re-attach, unbind

  Outcome onBind(Account state, UserSession.Bind cmd) {
    OnlineResources resources = ctx.resources();
    if (!validResource(cmd.resource())) {
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("bad-request"));
    }
    ParkedResource parkedHere = state.parked().get(cmd.resource());
    if (parkedHere != null) {
      // A fresh login takes the resource of a parked session: that session ends first.
      ctx.streamManagement().expireNow(cmd.resource(), parkedHere.token());
      ctx.tellSelf(cmd);
      return Outcome.none();
    }
    Resource existing = resources.get(cmd.resource());
    if (existing != null && existing.connection().equals(cmd.connection())) {
      return Outcome.none().reply(cmd.replyTo(), bound(cmd.resource()));
    }
    Resource other = resources.byConnection(cmd.connection());
    if (other != null) {
      log.info("{}: connection {} already bound as {}", ctx.bare(), cmd.connection(), other.name());
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("conflict"));
    }
    if (existing == null && resources.size() >= ctx.settings().maxResources()) {
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("resource-constraint"));
    }
    if (existing != null) {
      // RFC 6120 §7.7.2.2: the new session wins; the old one is closed with <conflict/>.
      ctx.unwatch(existing.connection());
      existing.connection().tell(ConnectionMessage.Replaced.INSTANCE);
      leave(state, existing, null);
    }
    resources.put(Resource.bound(cmd.resource(), cmd.connection()));
    ctx.watch(cmd.connection(), new ConnectionTerminated(cmd.resource(), cmd.connection()));
    updateIdleTimer();
    log.debug("{}: bound resource {}", ctx.bare(), cmd.resource());
    return online(state, cmd.resource(), cmd.replyTo());
  }

  /**
   * Re-attaches a connection whose entity restarted: the resource comes back as its record says,
   * silently (contacts never saw it leave).
   */
  Outcome onReattach(Account state, UserSession.Reattach cmd) {
    OnlineResources resources = ctx.resources();
    if (!validResource(cmd.resource())) {
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("bad-request"));
    }
    Resource existing = resources.get(cmd.resource());
    if (existing != null) {
      return Outcome.none().reply(cmd.replyTo(), existing.connection().equals(cmd.connection())
          ? bound(cmd.resource())
          : new BindResult.Refused("conflict"));
    }
    if (resources.byConnection(cmd.connection()) != null) {
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("conflict"));
    }
    if (resources.size() >= ctx.settings().maxResources()) {
      return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("resource-constraint"));
    }
    ResourceRecord record = cmd.record() == null ? ResourceRecord.NONE : cmd.record();
    XmlElement presence = record.presence() != null && record.presence().attr("type") == null
        ? record.presence().withAttribute("from", ctx.full(cmd.resource())).withoutAttribute("to")
        : null;
    resources.put(Resource.restored(cmd.resource(), cmd.connection(), record, presence,
        presence == null ? 0 : ctx.presence().priority(presence)));
    if (cmd.ticket() != null) {
      ctx.streamManagement().restoreTicket(cmd.resource(), cmd.ticket());
    }
    ctx.watch(cmd.connection(), new ConnectionTerminated(cmd.resource(), cmd.connection()));
    updateIdleTimer();
    log.debug("{}: re-attached resource {}", ctx.bare(), cmd.resource());
    Outcome outcome = online(state, cmd.resource(), cmd.replyTo());
    if (awaitingReattach && allReattachedBut(state, List.of())) {
      awaitingReattach = false;
      return outcome.unstashAll();
    }
    return outcome;
  }

  Outcome onUnbind(Account state, UserSession.Unbind cmd) {
    Resource r = ctx.resources().get(cmd.resource());
    if (r != null && r.connection().equals(cmd.connection())) {
      ctx.unwatch(r.connection());
      leave(state, r, null);
      return offline(state, List.of(r.name()));
    }
    return Outcome.none();
  }

  Outcome onConnectionTerminated(Account state, ConnectionTerminated cmd) {
    OnlineResources resources = ctx.resources();
    Resource r = resources.get(cmd.resource());
    if (r == null || !r.connection().equals(cmd.connection())) {
      return Outcome.none();
    }
    if (resources.isParked(r.name())) {
      return Outcome.none(); // the parked session is journaled; its old stream's actor ended
    }
    SmTicket ticket = ctx.streamManagement().ticket(r.name());
    if (ticket != null && ticket.resumeMillis() > 0) {
      // The connection's node died with a resumable stream: park it here. What its client had
      // not acknowledged still has unacknowledged receipts, so the senders send it again, and
      // it goes to offline storage, to be delivered after the resumption.
      log.debug("{}: connection of {} lost; parking its session", ctx.bare(), cmd.resource());
      return ctx.streamManagement().park(r, ticket, 0, List.of(), () -> { });
    }
    log.debug("{}: connection of {} terminated", ctx.bare(), cmd.resource());
    leave(state, r, null);
    return offline(state, List.of(r.name()));
  }

  /**
   * An administrator ends {@code cmd.resource()}'s session, or every session of the account when
   * it is null (XEP-0133 end-user-session): the connection is closed with the stream error
   * {@code cmd.condition()} and the resource leaves as an unbind would (contacts see it go; a
   * parked XEP-0198 session is forgotten, so it cannot be resumed). The reply counts them.
   */
  Outcome onCloseSessions(Account state, UserSession.CloseSessions cmd) {
    List<Resource> closing = ctx.resources().all().stream()
        .filter(r -> cmd.resource() == null || r.name().equals(cmd.resource()))
        .toList();
    List<String> gone = new java.util.ArrayList<>();
    for (Resource r : closing) {
      ctx.unwatch(r.connection());
      r.connection().tell(new ConnectionMessage.Close(cmd.condition()));
      leave(state, r, null);
      gone.add(r.name());
    }
    log.info("{}: {} session(s) ended by an administrator", ctx.bare(), gone.size());
    Outcome outcome = gone.isEmpty() ? Outcome.none() : offline(state, gone);
    return cmd.replyTo() == null ? outcome : outcome.reply(cmd.replyTo(), gone.size());
  }

  /** Every bound connection is closed with a stream error and forgotten (contacts see it leave). */
  void closeAll(Account state, String condition) {
    for (Resource r : ctx.resources().all()) {
      ctx.unwatch(r.connection());
      r.connection().tell(new ConnectionMessage.Close(condition));
      leave(state, r, null);
    }
  }

  /**
   * A resource goes away: unavailable presence if it was available (to subscribers, its directed
   * presence targets and the other resources), then it is forgotten.
   */
  public void leave(Account state, Resource r, XmlElement unavailable) {
    if (r.available()) {
      ctx.presence().broadcastUnavailable(ctx, state, r, unavailable);
    } else {
      // Directed presence sent without initial presence (RFC 6121 §4.6.3) still ends.
      for (String jid : r.directed()) {
        ctx.routing().route(Stanzas.presence(ctx.full(r.name()), jid, PresenceType.UNAVAILABLE));
      }
    }
    ctx.resources().remove(r.name());
    ctx.streamManagement().forget(r.name());
    ctx.pep().unavailable(ctx.full(r.name()));
    updateIdleTimer();
    ctx.inbox().connectionGone(r.connection());
  }

  /** Records a bound resource (once) and answers the bind. */
  private Outcome online(Account state, String resource, ActorRef<BindResult> replyTo) {
    Resource r = ctx.resources().get(resource);
    String node = r == null ? null : ctx.nodeOf(r.connection());
    if (node == null || node.equals(state.online().get(resource))) {
      return Outcome.none().reply(replyTo, bound(resource));
    }
    return Outcome.persist(new ResourceOnline(resource, node, ctx.clock().instant())).replyFrom(replyTo, s -> bound(resource));
  }

  /** Records resources that are gone (those that were recorded online). */
  public Outcome offline(Account state, List<String> gone) {
    List<UserSession.Event> events = new ArrayList<>();
    for (String name : gone) {
      if (state.online().containsKey(name) && ctx.resources().get(name) == null) {
        events.add(new ResourceOffline(name, ctx.clock().instant()));
      }
    }
    return Outcome.persist(events);
  }

  /** What the entity is told when the watched {@code connection} of {@code resource} ends. */
  public UserSession.Command terminationOf(String resource, ActorRef<ConnectionMessage> connection) {
    return new ConnectionTerminated(resource, connection);
  }

  BindResult bound(String resource) {
    return new BindResult.Bound(Jids.full(ctx.full(resource)), ctx.self());
  }

  private boolean validResource(String resource) {
    return resource != null && !resource.isEmpty()
        && Jids.parse(ctx.full(resource)).map(j -> j.hasResource()
            && j.getResourceOrThrow().toString().equals(resource)).orElse(false);
  }

  // ---------------------------------------------------------------------------------------------
  // After a restart: waiting for re-attaches

  /**
   * After a restart (node crash, hand-off), resources recorded online that no connection
   * re-attached within the grace period are gone: contacts hear them leave.
   */
  void expectReattach(Account state) {
    if (!state.online().isEmpty()) {
      awaitingReattach = true;
      ctx.tellSelf(new ReattachGraceOver(true));
      ctx.scheduleOnce(ctx.settings().reattachGrace(), new ReattachGraceOver(false));
    }
  }

  Outcome onReattachGraceOver(Account state, ReattachGraceOver cmd) {
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, String> e : state.online().entrySet()) {
      String name = e.getKey();
      if (state.parked().containsKey(name)) {
        continue; // parked (XEP-0198): it waits for a resumption, not a re-attach
      }
      if (ctx.resources().get(name) == null && (!cmd.departedOnly() || !ctx.isMember(e.getValue()))) {
        gone.add(name);
        log.debug("{}: resource {} did not re-attach; announcing it unavailable", ctx.bare(), name);
        ctx.presence().broadcastUnavailable(ctx, state, Resource.bound(name, null), null);
      }
    }
    if (awaitingReattach && (!cmd.departedOnly() || allReattachedBut(state, gone))) {
      awaitingReattach = false;
      return offline(state, gone).unstashAll();
    }
    return offline(state, gone);
  }

  /** Every resource recorded online is bound again, except {@code gone}. */
  private boolean allReattachedBut(Account state, List<String> gone) {
    for (String name : state.online().keySet()) {
      if (ctx.resources().get(name) == null && !gone.contains(name) && !state.parked().containsKey(name)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Passivation and stop

  /**
   * Passivates {@code passivate-after} once no resource is bound. A scheduled {@link
   * UserSession.Idle}, not Pekko's receive timeout: cancelling that while its timeout is already
   * in the mailbox makes Pekko 1.2.1 deliver a null message, which fails the entity with a
   * NullPointerException in {@code InterceptorImpl.receive} (fixed later by apache/pekko PR
   * #3086; seen once in a 19,500-login run, a login binding just as the timeout fired). A late
   * {@code Idle} is a plain message, ignored while a resource is bound.
   */
  public void updateIdleTimer() {
    if (!ctx.resources().isEmpty()) {
      disarmIdle();
    } else if (idleTimer == null) {
      idleTimer = ctx.scheduleOnce(ctx.settings().passivateAfter(), UserSession.Idle.INSTANCE);
    }
  }

  void disarmIdle() {
    if (idleTimer != null) {
      idleTimer.cancel();
      idleTimer = null;
    }
  }

  /** Passivates soon (through {@code Idle}: a login meanwhile keeps the entity). */
  void passivateWithin(java.time.Duration delay) {
    disarmIdle();
    ctx.scheduleOnce(delay, UserSession.Idle.INSTANCE);
  }

  Outcome onIdle() {
    idleTimer = null;
    if (ctx.resources().isEmpty()) {
      log.debug("{}: idle, passivating", ctx.bare());
      ctx.passivate();
    }
    return Outcome.none();
  }

  /**
   * Sharding stops the entity to passivate it (no resources then) or to hand its shard off to
   * another node: bound connections are told to re-attach to the next incarnation.
   */
  void tellConnectionsToRebind() {
    for (Resource r : ctx.resources().all()) {
      r.connection().tell(ConnectionMessage.Rebind.INSTANCE);
    }
  }
}
