package io.switchboard.sharding.roster;

import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestCleared;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestReceived;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.BareJid;

/**
 * Presence subscriptions (RFC 6121 §3 and Appendix A): the user's subscription stanzas to a
 * contact and the contact's to the user, each moving the contact through the Appendix A states
 * ({@link ContactState}), persisted as roster changes and pending requests. Stateless: one instance
 * serves every entity of the node.
 */
public final class Subscriptions {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Subscriptions.class);
  /** Roster items plus pending requests an account may hold (switchboard.quotas.roster-items). */
  private final int maxContacts;

  public Subscriptions() {
    this(io.switchboard.sharding.quota.AccountQuotas.DEFAULTS.rosterItems());
  }

  public Subscriptions(int maxContacts) {
    this.maxContacts = maxContacts;
  }

  /** The user sent {@code stanza} (a subscription type) to {@code contact}. */
  public Outcome onOutbound(SessionContext ctx, Account state, XmlElement stanza, BareJid contact, PresenceType type) {
    ContactState before = state.contactState(contact);
    ContactState after = before.outbound(type.wireName());
    List<UserSession.Event> events = transition(state, contact, after, null);
    // subscribe/unsubscribe always travel; subscribed/unsubscribed only when they changed state
    // (RFC 6121 §3.1.5, §3.2.2: no pre-approval, nothing to cancel → not routed).
    boolean route = type == PresenceType.SUBSCRIBE || type == PresenceType.UNSUBSCRIBE || !before.equals(after);
    XmlElement out = stanza.withAttribute("from", ctx.bare()).withAttribute("to", contact.toString());
    return Outcome.persist(events).then(s -> {
      ctx.rosterPushes().pushChanged(events, s);
      if (route) {
        ctx.routing().route(out);
      }
      if (type == PresenceType.SUBSCRIBED && after.from() && !before.from()) {
        // §3.1.5: the new subscriber gets the user's current presence.
        ctx.presence().sendCurrentTo(ctx, contact.toString());
      } else if (type == PresenceType.UNSUBSCRIBED && before.from() && !after.from()) {
        // §3.2.2: a cancelled subscriber sees the user go unavailable.
        ctx.presence().sendUnavailableTo(ctx, contact.toString());
      }
    });
  }

  /** {@code contact} sent the user {@code stanza} (a subscription type). */
  public Outcome onInbound(SessionContext ctx, Account state, XmlElement stanza, BareJid contact, PresenceType type) {
    ContactState before = state.contactState(contact);
    ContactState after = before.inbound(type.wireName());
    if (before.equals(after)) {
      if (type == PresenceType.SUBSCRIBE && before.from()) {
        // A.3.1: already subscribed: answer on the user's behalf.
        ctx.routing().route(Stanzas.presence(ctx.bare(), contact.toString(), PresenceType.SUBSCRIBED));
      }
      return Outcome.none();
    }
    if (after.pendingIn() && !before.pendingIn() && state.item(contact) == null
        && state.roster().contactCount() >= maxContacts) {
      // Issue #23 F9: strangers cannot grow the roster past its quota; the request is dropped
      // unstored (an error would tell the sender the account exists and is full).
      log.info("{}: roster quota full, subscription request from {} dropped", ctx.bare(), contact);
      return Outcome.none();
    }
    XmlElement request = stanza.withAttribute("from", contact.toString());
    List<UserSession.Event> events = transition(state, contact, after, request);
    // A receipt (a roster removal waiting on this, see RosterAnswers) is acknowledged once the
    // change is journaled and delivered, not when this handler returns.
    Receipt handled = ctx.takeReceipt();
    return Outcome.persist(events).then(s -> {
      ctx.rosterPushes().pushChanged(events, s);
      for (Resource r : ctx.resources().available()) {
        if (r.interested()) {
          ctx.deliver(r, request);
        }
      }
      if (type == PresenceType.UNSUBSCRIBE && before.from()) {
        // §3.3.3: the former subscriber sees the user go unavailable.
        ctx.presence().sendUnavailableTo(ctx, contact.toString());
      }
      Receipt.ack(handled);
    });
  }

  /** Contacts learn the subscriptions both ways are over (as a roster remove, RFC 6121 §2.5.2). */
  public void cancelAll(SessionContext ctx, Account state) {
    for (RosterItem item : state.rosterItems().values()) {
      ContactState c = state.contactState(item.jid());
      if (c.to() || c.pendingOut()) {
        ctx.routing().route(Stanzas.presence(ctx.bare(), item.jid().toString(), PresenceType.UNSUBSCRIBE));
      }
      if (c.from()) {
        ctx.routing().route(Stanzas.presence(ctx.bare(), item.jid().toString(), PresenceType.UNSUBSCRIBED));
      }
    }
    for (String requester : state.pendingIn().keySet()) {
      ctx.routing().route(Stanzas.presence(ctx.bare(), requester, PresenceType.UNSUBSCRIBED));
    }
  }

  /** Events that move {@code contact} to {@code after}; a roster item is created when needed. */
  static List<UserSession.Event> transition(Account state, BareJid contact, ContactState after, XmlElement request) {
    List<UserSession.Event> events = new ArrayList<>(2);
    RosterItem item = state.item(contact);
    if (item != null || after.subscription() != Subscription.NONE || after.pendingOut()) {
      RosterItem base = item == null ? RosterItem.of(contact) : item;
      RosterItem changed = base.withSubscription(after.subscription(), after.pendingOut());
      if (!changed.equals(item)) {
        events.add(new RosterItemSaved(changed));
      }
    }
    boolean wasPending = state.pendingIn().containsKey(contact.toString());
    if (wasPending && !after.pendingIn()) {
      events.add(new SubscriptionRequestCleared(contact));
    } else if (!wasPending && after.pendingIn()) {
      events.add(new SubscriptionRequestReceived(contact, request));
    }
    return events;
  }
}
