package io.switchboard.sharding.roster;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;
import org.jxmpp.jid.BareJid;

/** What the roster and subscriptions of an account persist (RFC 6121 §2, §3). */
public sealed interface RosterEvent extends UserSession.Event {

  /** A roster item was added or changed (name, groups or subscription state). */
  record RosterItemSaved(RosterItem item) implements RosterEvent {}

  record RosterItemRemoved(BareJid jid) implements RosterEvent {}

  /** A contact asked to see the user's presence; {@code stanza} is redelivered until answered. */
  record SubscriptionRequestReceived(BareJid from, XmlElement stanza) implements RosterEvent {}

  record SubscriptionRequestCleared(BareJid from) implements RosterEvent {}
}
