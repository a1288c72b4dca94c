package io.switchboard.sharding.presence;

import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence for one account (RFC 6121 §4): the user's own presence broadcast to subscribers and
 * own resources, initial presence (probes, other resources' presence, pending requests, offline
 * messages, then the modules' login hooks), unavailable presence to subscribers and
 * directed-presence targets, probes from contacts, and presence from others to the user's
 * resources. Subscription stanzas are
 * {@code Subscriptions}' business. Stateless: one instance serves every entity of the node.
 */
public final class PresenceBroadcast {
  private static final Logger log = LoggerFactory.getLogger(PresenceBroadcast.class);

  // ---------------------------------------------------------------------------------------------
  // The user's own presence (RFC 6121 §4.2 - §4.5)

  /** Presence without 'to' from the user's {@code resource}. */
  public Outcome onOwn(SessionContext ctx, Account state, String resource, XmlElement stanza) {
    Resource r = ctx.resources().get(resource);
    if (r == null) {
      log.debug("{}: presence from unbound resource {}", ctx.bare(), resource);
      return Outcome.none();
    }
    PresenceType type = PresenceType.of(stanza).orElse(null);
    String full = ctx.full(resource);
    if (type == PresenceType.AVAILABLE) {
      XmlElement presence = stanza.withAttribute("from", full);
      boolean initial = !r.available();
      Resource updated = r.withPresence(presence, priority(presence));
      ctx.resources().put(updated);
      ctx.pep().observeAvailable(full, presence);
      broadcast(ctx, state, presence);
      if (initial) {
        onInitial(ctx, state, updated);
      }
    } else if (type == PresenceType.UNAVAILABLE) {
      if (r.available()) {
        broadcastUnavailable(ctx, state, r, stanza.withAttribute("from", full));
        ctx.resources().put(r.unavailable());
      }
      ctx.pep().unavailable(full);
    }
    return Outcome.none();
  }

  /** Directed presence (RFC 6121 §4.6): available adds {@code to} to the resource's targets, unavailable removes it. */
  public void recordDirected(SessionContext ctx, String resource, Jid to, PresenceType type) {
    if (type != PresenceType.AVAILABLE && type != PresenceType.UNAVAILABLE) {
      return;
    }
    Resource r = ctx.resources().get(resource);
    if (r != null) {
      ctx.resources().put(r.withDirected(to.toString(), type == PresenceType.AVAILABLE));
    }
  }

  /**
   * Whether {@code resource} is bound or parked and has directed presence to an address at
   * {@code bareJid} (see {@code UserSession.DirectedPresenceQuery}). A parked session counts as
   * present: its directed presence is not journaled, and it may still be resumed.
   */
  public boolean hasDirected(SessionContext ctx, Account state, String resource, String bareJid) {
    if (state.parked().containsKey(resource)) {
      return true;
    }
    Resource r = ctx.resources().get(resource);
    if (r == null) {
      return false;
    }
    if (ctx.resources().isParked(resource)) {
      return true;
    }
    for (String jid : r.directed()) {
      int slash = jid.indexOf('/');
      if ((slash < 0 ? jid : jid.substring(0, slash)).equals(bareJid)) {
        return true;
      }
    }
    return false;
  }

  /** Available presence to subscribers (from/both) and to all the user's available resources. */
  private void broadcast(SessionContext ctx, Account state, XmlElement presence) {
    for (RosterItem item : state.rosterItems().values()) {
      if (item.subscription().hasFrom() && !state.isBlocked(item.jid())) {
        ctx.routing().route(presence.withAttribute("to", item.jid().toString()));
      }
    }
    for (Resource own : ctx.resources().available()) {
      ctx.deliver(own, presence.withAttribute("to", ctx.full(own.name())));
    }
  }

  /** RFC 6121 §4.2.2: probes, other resources' presence, pending requests, offline messages. */
  private void onInitial(SessionContext ctx, Account state, Resource r) {
    for (RosterItem item : state.rosterItems().values()) {
      if (item.subscription().hasTo() && !state.isBlocked(item.jid())) {
        ctx.routing().route(Stanzas.presence(ctx.bare(), item.jid().toString(), PresenceType.PROBE));
      }
    }
    for (Resource own : ctx.resources().available()) {
      if (!own.name().equals(r.name())) {
        ctx.deliver(r, own.presence().withAttribute("to", ctx.full(r.name())));
      }
    }
    for (XmlElement request : state.pendingIn().values()) {
      ctx.deliver(r, request);
    }
    if (r.priority() >= 0) {
      ctx.inbox().fetch(r.name());
    }
    ctx.modules().loginHooks().forEach(h -> h.loggedIn(ctx, state, r));
  }

  /**
   * Unavailable presence of a resource that leaves: to subscribers, to the JIDs it sent directed
   * presence to (RFC 6121 §4.6.3) and to the user's other available resources.
   */
  public void broadcastUnavailable(SessionContext ctx, Account state, Resource r, XmlElement stanza) {
    XmlElement unavailable = stanza != null
        ? stanza
        : Stanzas.presence(ctx.full(r.name()), null, PresenceType.UNAVAILABLE);
    List<String> sent = new ArrayList<>();
    for (RosterItem item : state.rosterItems().values()) {
      if (item.subscription().hasFrom() && !state.isBlocked(item.jid())) {
        sent.add(item.jid().toString());
        ctx.routing().route(unavailable.withAttribute("to", item.jid().toString()));
      }
    }
    for (String jid : r.directed()) {
      if (!sent.contains(jid)) {
        ctx.routing().route(unavailable.withAttribute("to", jid));
      }
    }
    for (Resource own : ctx.resources().available()) {
      if (!own.name().equals(r.name())) {
        ctx.deliver(own, unavailable.withAttribute("to", ctx.full(own.name())));
      }
    }
  }

  /** The presence's priority (RFC 6121 §4.7.2.3), clamped to -128..127; 0 when absent or invalid. */
  public int priority(XmlElement presence) {
    String text = presence.childText("priority", presence.namespace()).orElse("0").trim();
    try {
      return Math.max(-128, Math.min(127, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Unavailable presence from each available resource to {@code jid}. */
  public List<XmlElement> unavailableTo(SessionContext ctx, String jid) {
    List<XmlElement> out = new ArrayList<>();
    for (Resource r : ctx.resources().available()) {
      out.add(Stanzas.presence(ctx.full(r.name()), jid, PresenceType.UNAVAILABLE));
    }
    return out;
  }

  public void sendUnavailableTo(SessionContext ctx, String jid) {
    unavailableTo(ctx, jid).forEach(ctx.routing()::route);
  }

  /** The current presence of every available resource to {@code jid} (a new or returning subscriber). */
  public void sendCurrentTo(SessionContext ctx, String jid) {
    for (Resource r : ctx.resources().available()) {
      ctx.routing().route(r.presence().withAttribute("to", jid));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Presence from others (RFC 6121 §4.3, §8.5.2.1.3, §8.5.3.1)

  /** Presence other than a subscription stanza, from {@code from} to the user (a {@code resource} of it, or the bare JID). */
  public Outcome onInbound(SessionContext ctx, Account state, XmlElement stanza, Jid from, String resource) {
    PresenceType type = PresenceType.of(stanza).orElse(null);
    if (type == PresenceType.PROBE) {
      if (from != null) {
        onProbe(ctx, state, from, resource);
      }
      return Outcome.none();
    }
    if (from != null && from.hasResource() && !from.asBareJid().toString().equals(ctx.bare())) {
      // Tracked for every contact whose presence arrives; whether it may hear notifications (a
      // subscription from it) is decided when they go out, as it can change in between.
      if (type == PresenceType.AVAILABLE && state.item(from.asBareJid()) != null) {
        ctx.pep().observeAvailable(from.toString(), stanza);
      } else if (type == PresenceType.UNAVAILABLE) {
        ctx.pep().unavailable(from.toString());
      }
    }
    if (resource != null) {
      Resource r = ctx.resources().get(resource);
      if (r != null) {
        ctx.deliver(r, stanza); // §8.5.3.1; otherwise §8.5.3.2.3: dropped
      }
    } else {
      ctx.resources().available().forEach(r -> ctx.deliver(r, stanza)); // §8.5.2.1.3
    }
    if (from != null) {
      for (var observer : ctx.modules().presenceObservers()) {
        observer.observe(ctx, state, stanza, from, resource);
      }
    }
    return Outcome.none();
  }

  /** RFC 6121 §4.3.2: answer a probe with current presence, only to an authorised subscriber. */
  private void onProbe(SessionContext ctx, Account state, Jid from, String resource) {
    RosterItem item = state.item(from.asBareJid());
    if (item == null || !item.subscription().hasFrom()) {
      ctx.routing().route(Stanzas.presence(ctx.bare(), from.asBareJid().toString(), PresenceType.UNSUBSCRIBED));
      return;
    }
    List<Resource> answering = new ArrayList<>();
    for (Resource r : ctx.resources().available()) {
      if (resource == null || r.name().equals(resource)) {
        answering.add(r);
      }
    }
    if (answering.isEmpty()) {
      ctx.routing().route(Stanzas.presence(ctx.bare(), from.toString(), PresenceType.UNAVAILABLE));
    }
    for (Resource r : answering) {
      ctx.routing().route(r.presence().withAttribute("to", from.toString()));
    }
  }
}
