package io.switchboard.sharding.roster;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.quota.Quota;
import io.switchboard.sharding.roster.RosterEvent.RosterItemRemoved;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestCleared;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * Roster management (RFC 6121 §2): the user's own roster get (with versioning, §2.6), set and
 * remove (which cancels subscriptions both ways, §2.5). Only the owner may touch the roster.
 */
public final class RosterIq implements AccountIqHandler, Module {
  private final AccountQuotas quotas;

  public RosterIq() {
    this(AccountQuotas.DEFAULTS);
  }

  public RosterIq(AccountQuotas quotas) {
    this.quotas = quotas;
  }

  @Override
  public String name() {
    return "RFC 6121 roster";
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.ROSTER_VERSIONING);
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.ROSTER);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    return request.isGet()
        ? onGet(ctx, state, request.resource(), request.iq(), request.payload())
        : onSet(ctx, state, request.iq(), request.payload());
  }

  private Outcome onGet(SessionContext ctx, Account state, String resource, XmlElement iq, XmlElement query) {
    Resource r = ctx.resources().get(resource);
    if (r != null) {
      ctx.resources().put(r.withInterest());
    }
    String requested = query.attr("ver");
    String current = String.valueOf(state.rosterVersion());
    if (requested != null && requested.equals(current)) {
      ctx.deliverLocal(Stanzas.iqResult(iq)); // RFC 6121 §2.6.3: unchanged, pushes will follow
    } else {
      ctx.deliverLocal(Stanzas.iqResult(iq, RosterXml.query(state.roster(), requested != null)));
    }
    return Outcome.none();
  }

  private Outcome onSet(SessionContext ctx, Account state, XmlElement iq, XmlElement query) {
    List<XmlElement> items = query.elements("item", Namespaces.ROSTER);
    if (items.size() != 1 || query.elements().size() != 1) {
      return error(ctx, iq, StanzaErrorCondition.BAD_REQUEST); // RFC 6121 §2.3.3
    }
    XmlElement itemXml = items.get(0);
    Jid jid = Jids.parse(itemXml.attr("jid")).orElse(null);
    if (jid == null || jid.hasResource()) {
      return error(ctx, iq, jid == null ? StanzaErrorCondition.JID_MALFORMED : StanzaErrorCondition.BAD_REQUEST);
    }
    BareJid contact = jid.asBareJid();
    if ("remove".equals(itemXml.attr("subscription"))) {
      return onRemove(ctx, state, iq, contact);
    }
    String invalid = RosterXml.validateGroups(itemXml);
    if (invalid != null) {
      return error(ctx, iq, StanzaErrorCondition.fromElementName(invalid).orElseThrow());
    }
    RosterItem existing = state.item(contact);
    if (existing == null && !state.pendingIn().containsKey(contact.toString())
        && !Quota.fits(state.roster().contactCount(), 1, quotas.rosterItems())) {
      Stanzas.errorReply(iq, Quota.exceeded("roster-items", quotas.rosterItems())).ifPresent(ctx::deliverLocal);
      return Outcome.none();
    }
    RosterItem base = existing == null ? RosterItem.of(contact) : existing;
    String name = itemXml.attr("name");
    RosterItem item = base.withNameAndGroups(name == null || name.isEmpty() ? null : name, RosterXml.groups(itemXml));
    return Outcome.persist(new RosterItemSaved(item)).then(s -> {
      ctx.deliverLocal(Stanzas.iqResult(iq));
      ctx.rosterPushes().push(s, RosterXml.item(item));
    });
  }

  /** RFC 6121 §2.5: remove the item, cancelling subscriptions both ways. */
  private Outcome onRemove(SessionContext ctx, Account state, XmlElement iq, BareJid contact) {
    RosterItem existing = state.item(contact);
    if (existing == null) {
      return error(ctx, iq, StanzaErrorCondition.ITEM_NOT_FOUND);
    }
    ContactState before = state.contactState(contact);
    List<UserSession.Event> events = new ArrayList<>(2);
    events.add(new RosterItemRemoved(contact));
    if (before.pendingIn()) {
      events.add(new SubscriptionRequestCleared(contact));
    }
    return Outcome.persist(events).then(s -> {
      List<XmlElement> toContact = new ArrayList<>(3);
      if (before.to() || before.pendingOut()) {
        toContact.add(Stanzas.presence(ctx.bare(), contact.toString(), PresenceType.UNSUBSCRIBE));
      }
      if (before.from() || before.pendingIn()) {
        toContact.add(Stanzas.presence(ctx.bare(), contact.toString(), PresenceType.UNSUBSCRIBED));
      }
      if (before.from()) {
        toContact.addAll(ctx.presence().unavailableTo(ctx, contact.toString()));
      }
      ctx.rosterPushes().push(s, RosterXml.removedItem(contact));
      ctx.rosterPushes().answerAfter(toContact, Stanzas.iqResult(iq));
    });
  }

  private static Outcome error(SessionContext ctx, XmlElement iq, StanzaErrorCondition condition) {
    Stanzas.errorReply(iq, condition).ifPresent(ctx::deliverLocal);
    return Outcome.none();
  }
}
