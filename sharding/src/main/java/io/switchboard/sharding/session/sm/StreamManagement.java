package io.switchboard.sharding.session.sm;

import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResourceEvent.ResourceOffline;
import io.switchboard.sharding.session.ResumeResult;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.sm.ParkEvent.ResourceParked;
import io.switchboard.sharding.session.sm.ParkEvent.ResourceResumed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0198 resumption, held by the account's entity so a session survives the node of its stream.
 * A resource with resumption on has a {@link SmTicket} here (in memory; a connection re-attaching
 * to a new incarnation states it again). When its stream drops, the session is journaled as parked
 * ({@link ResourceParked}) with what its client had not acknowledged; a {@code <resume/>} on any
 * node finds it here, and when the window ends the resource leaves and its unacknowledged messages
 * go to the bare JID. Nothing is written to a parked resource meanwhile: messages wait in offline
 * storage and are delivered after the resumption.
 */
public final class StreamManagement {
  private static final Logger log = LoggerFactory.getLogger(StreamManagement.class);

  /** The resumption window of a parked session ended (ignored if another one was parked since). */
  public record ParkExpired(String resource, String token) implements UserSession.Command {}

  private final SessionContext ctx;
  /**
   * Tickets of bound resources with resumption on; the shared empty map until the first
   * ({@link EmptyUntilUsed}), as most sessions never enable resumption.
   */
  private Map<String, SmTicket> tickets = Map.of();

  public StreamManagement(SessionContext ctx) {
    this.ctx = ctx;
  }

  public SmTicket ticket(String resource) {
    return tickets.get(resource);
  }

  /** The resource is gone: its ticket with it. */
  public void forget(String resource) {
    tickets = EmptyUntilUsed.remove(tickets, resource);
  }

  /** A re-attaching connection states its ticket. */
  public void restoreTicket(String resource, SmTicket ticket) {
    tickets = EmptyUntilUsed.putSmall(tickets, resource, ticket);
  }

  /** After recovery: parked sessions expire when their windows end. */
  public void afterRecovery(Account state) {
    for (Map.Entry<String, ParkedResource> p : state.parked().entrySet()) {
      long left = Math.max(0, p.getValue().expiresAt() - ctx.clock().millis());
      ctx.scheduleOnce(Duration.ofMillis(left), new ParkExpired(p.getKey(), p.getValue().token()));
    }
  }

  /** Ends the parked session of {@code resource} now (a fresh login takes its resource). */
  public void expireNow(String resource, String token) {
    ctx.tellSelf(new ParkExpired(resource, token));
  }

  /** Counts a stanza of a resource with resumption on, for the {@code h} of a later resume. */
  public void counted(UserSession.FromClient cmd) {
    SmTicket t = cmd.receipt() == null ? null : tickets.get(cmd.resource());
    if (t != null) {
      tickets = EmptyUntilUsed.putSmall(tickets, cmd.resource(), t.seen(cmd.receipt().seq()));
    }
  }

  public Outcome onEnabled(UserSession.StreamManagementEnabled cmd) {
    Resource r = ctx.resources().get(cmd.resource());
    if (r != null && r.connection().equals(cmd.connection()) && !ctx.resources().isParked(r.name())) {
      SmTicket known = tickets.get(cmd.resource());
      // Stanzas may have been counted before the ticket arrived; keep the highest seen.
      SmTicket kept = known == null || !known.token().equals(cmd.ticket().token())
          ? cmd.ticket() : cmd.ticket().seen(known.seenSeq());
      tickets = EmptyUntilUsed.putSmall(tickets, cmd.resource(), kept);
    }
    return Outcome.none();
  }

  public Outcome onPark(Account state, UserSession.Park cmd) {
    OnlineResources resources = ctx.resources();
    Resource r = resources.get(cmd.resource());
    boolean owner = r != null && r.connection().equals(cmd.connection());
    if (owner && resources.isParked(r.name())) {
      // A repeated park (the first answer was lost): already journaled.
      cmd.receipts().forEach(x -> Receipt.ack(x));
      cmd.connection().tell(ConnectionMessage.ParkAccepted.INSTANCE);
      return Outcome.none();
    }
    SmTicket ticket = owner ? tickets.get(r.name()) : null;
    if (ticket == null) {
      // Not resumable here (the resource moved on, or this incarnation lost the ticket): the
      // session ends, and what its client missed goes to the bare JID.
      for (int i = 0; i < cmd.unacked().size(); i++) {
        XmlElement stanza = cmd.unacked().get(i);
        Receipt receipt = cmd.receipts().get(i);
        if (mustNotBeLost(stanza)) {
          ctx.routing().route(stanza.withAttribute("to", ctx.bare()), receipt);
        } else {
          Receipt.ack(receipt);
        }
      }
      cmd.connection().tell(ConnectionMessage.Released.INSTANCE);
      if (owner) {
        ctx.unwatch(r.connection());
        ctx.binding().leave(state, r, null);
        return ctx.binding().offline(state, List.of(r.name()));
      }
      return Outcome.none();
    }
    log.debug("{}: stream of {} dropped; parking its session", ctx.bare(), cmd.resource());
    return park(r, ticket, cmd.ackedBase(), cmd.unacked(), () -> {
      cmd.receipts().forEach(x -> Receipt.ack(x));
      cmd.connection().tell(ConnectionMessage.ParkAccepted.INSTANCE);
    });
  }

  /** Journals {@code r} as parked; {@code then} runs once it is persisted. */
  public Outcome park(Resource r, SmTicket ticket, long ackedBase, List<XmlElement> unacked, Runnable then) {
    ParkedResource parked = new ParkedResource(ticket.token(), ticket.handled(), ackedBase, unacked,
        r.available() ? r.presence() : null, r.priority(), r.interested(),
        ctx.clock().millis() + ticket.resumeMillis(), r.flags());
    ctx.resources().park(r.name());
    ctx.scheduleOnce(Duration.ofMillis(ticket.resumeMillis()), new ParkExpired(r.name(), ticket.token()));
    return Outcome.persist(new ResourceParked(r.name(), parked)).then(then);
  }

  public Outcome onResume(Account state, UserSession.Resume cmd) {
    OnlineResources resources = ctx.resources();
    String name = cmd.resource();
    ParkedResource parked = state.parked().get(name);
    SmTicket live = tickets.get(name);
    Resource bound = resources.get(name);
    if (parked == null && live != null && bound != null && live.token().equals(cmd.token())) {
      // The client noticed its stream was gone before the cluster did (its node died moments
      // ago, or its socket is half-open): the new stream takes over. The old stream's unacknowledged
      // stanzas come back through their held receipts (re-sent by their senders, or routed on by
      // the old connection when it is released), so there is nothing to replay here.
      parked = new ParkedResource(live.token(), live.handled(), cmd.clientH(), List.of(),
          bound.presence(), bound.priority(), bound.interested(), 0, bound.flags());
    }
    if (parked == null || !parked.token().equals(cmd.token())) {
      return Outcome.none().reply(cmd.replyTo(), ResumeResult.Failed.INSTANCE);
    }
    Resource old = resources.get(name);
    Resource r;
    if (old != null) {
      ctx.unwatch(old.connection());
      if (!old.connection().equals(cmd.connection())) {
        old.connection().tell(ConnectionMessage.Released.INSTANCE);
      }
      r = old.withConnection(cmd.connection());
    } else {
      // This incarnation started after the park: the resource comes back from the journal.
      r = Resource.bound(name, cmd.connection());
      if (parked.interested()) {
        r = r.withInterest();
      }
      if (parked.presence() != null) {
        r = r.withPresence(parked.presence(), parked.priority());
      }
      r = r.withFlags(parked.flags());
    }
    resources.put(r);
    resources.unpark(name);
    tickets = EmptyUntilUsed.putSmall(tickets, name, new SmTicket(parked.token(), parked.handled(), 0, 0, cmd.resumeMillis()));
    ctx.watch(cmd.connection(), ctx.binding().terminationOf(name, cmd.connection()));
    ctx.binding().updateIdleTimer();
    log.debug("{}: resumed {}", ctx.bare(), name);
    ResumeResult reply = new ResumeResult.Resumed(parked.handled(), parked.unreceived(cmd.clientH()), ctx.self());
    boolean fetch = r.available();
    return Outcome.persist(new ResourceResumed(name, ctx.nodeOf(cmd.connection())))
        .then(() -> {
          if (fetch) {
            ctx.inbox().fetch(name); // what came while it was parked
          }
        })
        .reply(cmd.replyTo(), reply);
  }

  /**
   * The resumption window ended (or a fresh login takes the resource): contacts hear the resource
   * leave, and the messages its client never acknowledged go to the bare JID.
   */
  public Outcome onExpired(Account state, ParkExpired cmd) {
    OnlineResources resources = ctx.resources();
    String name = cmd.resource();
    ParkedResource parked = state.parked().get(name);
    Resource r = resources.get(name);
    if (parked == null || !parked.token().equals(cmd.token()) || (r != null && !resources.isParked(name))) {
      return Outcome.none();
    }
    log.debug("{}: parked session of {} was not resumed; ending it", ctx.bare(), name);
    if (r != null) {
      ctx.unwatch(r.connection());
      r.connection().tell(ConnectionMessage.Released.INSTANCE);
      ctx.binding().leave(state, r, null);
    } else if (parked.presence() != null) {
      ctx.presence().broadcastUnavailable(ctx, state,
          Resource.bound(name, null).withPresence(parked.presence(), parked.priority()), null);
    }
    return Outcome.persist(new ResourceOffline(name, ctx.clock().instant()))
        .then(s -> {
          for (XmlElement stanza : parked.unacked()) {
            if (mustNotBeLost(stanza)) {
              ctx.modules().pipeline().redeliver(ctx, s, Delivery.of(stanza.withAttribute("to", ctx.bare()), null));
            }
          }
        });
  }

  /** A message that must not be lost with a session: chat or normal, not an error. */
  public static boolean mustNotBeLost(XmlElement stanza) {
    if (!stanza.name().equals("message")) {
      return false;
    }
    io.switchboard.protocol.stanza.MessageType type = io.switchboard.protocol.stanza.MessageType.of(stanza);
    return type == io.switchboard.protocol.stanza.MessageType.CHAT
        || type == io.switchboard.protocol.stanza.MessageType.NORMAL;
  }
}
