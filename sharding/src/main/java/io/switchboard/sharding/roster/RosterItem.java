package io.switchboard.sharding.roster;

import java.util.List;
import java.util.Objects;
import org.jxmpp.jid.BareJid;

/**
 * One roster item (RFC 6121 §2.1.2): the contact, the user's name and groups for it, the
 * subscription state and whether the user's own subscription request is pending
 * ({@code ask='subscribe'}). A pending inbound request is kept apart from the roster (see
 * {@link Account#pendingIn()}) because it may exist without any roster item.
 */
public record RosterItem(
    BareJid jid, String name, List<String> groups, Subscription subscription, boolean pendingOut) {

  public RosterItem {
    Objects.requireNonNull(jid, "jid");
    groups = groups == null ? List.of() : List.copyOf(groups);
    subscription = subscription == null ? Subscription.NONE : subscription;
  }

  public static RosterItem of(BareJid jid) {
    return new RosterItem(jid, null, List.of(), Subscription.NONE, false);
  }

  RosterItem withSubscription(Subscription s, boolean out) {
    return new RosterItem(jid, name, groups, s, out);
  }

  RosterItem withNameAndGroups(String newName, List<String> newGroups) {
    return new RosterItem(jid, newName, newGroups, subscription, pendingOut);
  }
}
