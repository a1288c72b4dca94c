package io.switchboard.sharding.roster;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.RosterEvent.RosterItemRemoved;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestCleared;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestReceived;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jxmpp.jid.BareJid;

/**
 * The account's roster slice: items keyed by the contact's bare JID, the roster version (counted
 * up by every change, RFC 6121 §2.6) and pending inbound subscription requests with the stanza
 * that made each (kept apart from items: a request may exist without one). Immutable.
 */
public record RosterState(Map<String, RosterItem> items, long version, Map<String, XmlElement> pendingIn)
    implements CborSerializable {

  public static final RosterState EMPTY = new RosterState(Map.of(), 0, Map.of());

  public RosterState {
    items = Map.copyOf(items == null ? Map.of() : items);
    pendingIn = Map.copyOf(pendingIn == null ? Map.of() : pendingIn);
  }

  public RosterItem item(BareJid contact) {
    return items.get(contact.toString());
  }

  /** The contact's RFC 6121 Appendix A state. */
  public ContactState contactState(BareJid contact) {
    RosterItem item = item(contact);
    boolean in = pendingIn.containsKey(contact.toString());
    if (item == null) {
      return new ContactState(false, false, false, in);
    }
    return new ContactState(item.subscription().hasTo(), item.subscription().hasFrom(), item.pendingOut(), in);
  }

  /** Contacts the roster holds: items and pending inbound requests (counted once each). */
  public int contactCount() {
    int pendingOnly = 0;
    for (String from : pendingIn.keySet()) {
      if (!items.containsKey(from)) {
        pendingOnly++;
      }
    }
    return items.size() + pendingOnly;
  }

  public boolean isEmpty() {
    return items.isEmpty() && pendingIn.isEmpty();
  }

  /** An empty roster whose version keeps counting (a client may hold an older copy cached). */
  public RosterState cleared() {
    return new RosterState(Map.of(), version + 1, Map.of());
  }

  public RosterState apply(RosterEvent event) {
    if (event instanceof RosterItemSaved e) {
      Map<String, RosterItem> r = new LinkedHashMap<>(items);
      r.put(e.item().jid().toString(), e.item());
      return new RosterState(r, version + 1, pendingIn);
    } else if (event instanceof RosterItemRemoved e) {
      Map<String, RosterItem> r = new LinkedHashMap<>(items);
      r.remove(e.jid().toString());
      return new RosterState(r, version + 1, pendingIn);
    } else if (event instanceof SubscriptionRequestReceived e) {
      Map<String, XmlElement> p = new LinkedHashMap<>(pendingIn);
      p.put(e.from().toString(), e.stanza());
      return new RosterState(items, version, p);
    } else if (event instanceof SubscriptionRequestCleared e) {
      Map<String, XmlElement> p = new LinkedHashMap<>(pendingIn);
      p.remove(e.from().toString());
      return new RosterState(items, version, p);
    }
    throw new IllegalArgumentException("unknown roster event " + event);
  }
}
