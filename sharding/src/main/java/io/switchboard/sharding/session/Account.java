package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.UserSession.AccountIncarnationAdopted;
import io.switchboard.sharding.session.UserSession.AccountIncarnationStarted;
import io.switchboard.sharding.session.UserSession.AccountRemoved;
import io.switchboard.sharding.session.UserSession.BlocklistCleared;
import io.switchboard.sharding.session.UserSession.Event;
import io.switchboard.sharding.session.UserSession.JidsBlocked;
import io.switchboard.sharding.session.UserSession.JidsUnblocked;
import io.switchboard.sharding.session.UserSession.PrivateXmlStored;
import io.switchboard.sharding.session.UserSession.ResourceOffline;
import io.switchboard.sharding.session.UserSession.ResourceOnline;
import io.switchboard.sharding.session.UserSession.ResourceParked;
import io.switchboard.sharding.session.UserSession.ResourceResumed;
import io.switchboard.sharding.session.UserSession.RosterItemRemoved;
import io.switchboard.sharding.session.UserSession.RosterItemSaved;
import io.switchboard.sharding.session.UserSession.SubscriptionRequestCleared;
import io.switchboard.sharding.session.UserSession.SubscriptionRequestReceived;
import io.switchboard.sharding.session.UserSession.VcardStored;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * The persisted state of one account, rebuilt from {@link UserSession}'s events and snapshots:
 * roster items keyed by contact bare JID, the roster version (incremented by every roster change),
 * pending inbound subscription requests with the stanza that made them, the XEP-0191 blocklist,
 * the XEP-0054 vCard and XEP-0049 private XML keyed by {@code "{namespace}name"}, and the
 * account incarnation all this belongs to ({@code incarnation}: the account's creation time, null
 * when not yet recorded, as in journals written before it existed), and the resources bound when
 * last recorded with the cluster node of each one's connection ({@code online}: what a restarted
 * incarnation must expect to re-attach, or else announce as gone), and the XEP-0198 sessions
 * parked for resumption ({@code parked}, see {@link ParkedResource}).
 * Immutable: {@link #apply} returns a new value.
 */
public record Account(
    Map<String, RosterItem> roster,
    long rosterVersion,
    Map<String, XmlElement> pendingIn,
    Set<String> blocklist,
    XmlElement vcard,
    Map<String, XmlElement> privateXml,
    Instant incarnation,
    Map<String, String> online,
    Map<String, ParkedResource> parked)
    implements CborSerializable {

  public static final Account EMPTY =
      new Account(Map.of(), 0, Map.of(), Set.of(), null, Map.of(), null, Map.of(), Map.of());

  public Account {
    online = Map.copyOf(online == null ? Map.of() : online);
    parked = Map.copyOf(parked == null ? Map.of() : parked);
    roster = Map.copyOf(roster == null ? Map.of() : roster);
    pendingIn = Map.copyOf(pendingIn == null ? Map.of() : pendingIn);
    blocklist = Set.copyOf(blocklist == null ? Set.of() : blocklist);
    privateXml = Map.copyOf(privateXml == null ? Map.of() : privateXml);
  }

  /** An account state with no resource online. */
  public Account(
      Map<String, RosterItem> roster,
      long rosterVersion,
      Map<String, XmlElement> pendingIn,
      Set<String> blocklist,
      XmlElement vcard,
      Map<String, XmlElement> privateXml,
      Instant incarnation) {
    this(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, incarnation, Map.of(), Map.of());
  }

  /** An account state with no incarnation recorded. */
  public Account(
      Map<String, RosterItem> roster,
      long rosterVersion,
      Map<String, XmlElement> pendingIn,
      Set<String> blocklist,
      XmlElement vcard,
      Map<String, XmlElement> privateXml) {
    this(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, null);
  }

  /** Whether anything but the incarnation is stored (roster, requests, blocklist, vCard, XML). */
  public boolean hasData() {
    return !roster.isEmpty() || !pendingIn.isEmpty() || !blocklist.isEmpty() || vcard != null
        || !privateXml.isEmpty();
  }

  public RosterItem item(BareJid contact) {
    return roster.get(contact.toString());
  }

  public ContactState contactState(BareJid contact) {
    RosterItem item = item(contact);
    boolean in = pendingIn.containsKey(contact.toString());
    if (item == null) {
      return new ContactState(false, false, false, in);
    }
    return new ContactState(
        item.subscription().hasTo(), item.subscription().hasFrom(), item.pendingOut(), in);
  }

  /** XEP-0191 JID matching (as XEP-0016): full JID, bare JID, domain/resource or domain. */
  public boolean isBlocked(Jid jid) {
    if (blocklist.isEmpty()) {
      return false;
    }
    if (blocklist.contains(jid.toString()) || blocklist.contains(jid.asBareJid().toString())) {
      return true;
    }
    String domain = jid.asDomainBareJid().toString();
    if (blocklist.contains(domain)) {
      return true;
    }
    return jid.hasResource() && blocklist.contains(domain + "/" + jid.getResourceOrThrow());
  }

  public static String privateKey(String name, String namespace) {
    return "{" + namespace + "}" + name;
  }

  public Account apply(Event event) {
    if (event instanceof RosterItemSaved e) {
      Map<String, RosterItem> r = new LinkedHashMap<>(roster);
      r.put(e.item().jid().toString(), e.item());
      return new Account(r, rosterVersion + 1, pendingIn, blocklist, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof RosterItemRemoved e) {
      Map<String, RosterItem> r = new LinkedHashMap<>(roster);
      r.remove(e.jid().toString());
      return new Account(r, rosterVersion + 1, pendingIn, blocklist, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof SubscriptionRequestReceived e) {
      Map<String, XmlElement> p = new LinkedHashMap<>(pendingIn);
      p.put(e.from().toString(), e.stanza());
      return new Account(roster, rosterVersion, p, blocklist, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof SubscriptionRequestCleared e) {
      Map<String, XmlElement> p = new LinkedHashMap<>(pendingIn);
      p.remove(e.from().toString());
      return new Account(roster, rosterVersion, p, blocklist, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof JidsBlocked e) {
      Set<String> b = new LinkedHashSet<>(blocklist);
      e.jids().forEach(j -> b.add(j.toString()));
      return new Account(roster, rosterVersion, pendingIn, b, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof JidsUnblocked e) {
      Set<String> b = new LinkedHashSet<>(blocklist);
      e.jids().forEach(j -> b.remove(j.toString()));
      return new Account(roster, rosterVersion, pendingIn, b, vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof BlocklistCleared) {
      return new Account(roster, rosterVersion, pendingIn, Set.of(), vcard, privateXml, incarnation, online, parked);
    } else if (event instanceof VcardStored e) {
      return new Account(roster, rosterVersion, pendingIn, blocklist, e.vcard(), privateXml, incarnation, online, parked);
    } else if (event instanceof PrivateXmlStored e) {
      Map<String, XmlElement> x = new LinkedHashMap<>(privateXml);
      x.put(privateKey(e.element().name(), e.element().namespace()), e.element());
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, x, incarnation, online, parked);
    } else if (event instanceof AccountIncarnationStarted e) {
      // The roster version keeps counting: a client may hold the old incarnation's roster cached.
      return new Account(Map.of(), rosterVersion + 1, Map.of(), Set.of(), null, Map.of(),
          e.createdAt(), Map.of(), Map.of());
    } else if (event instanceof AccountIncarnationAdopted e) {
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml,
          e.createdAt(), online, parked);
    } else if (event instanceof AccountRemoved) {
      return new Account(Map.of(), rosterVersion + 1, Map.of(), Set.of(), null, Map.of(), null);
    } else if (event instanceof ResourceOnline e) {
      Map<String, String> o = new LinkedHashMap<>(online);
      o.put(e.resource(), e.node());
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, incarnation, o, parked);
    } else if (event instanceof ResourceOffline e) {
      Map<String, String> o = new LinkedHashMap<>(online);
      o.remove(e.resource());
      Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
      p.remove(e.resource());
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, incarnation, o, p);
    } else if (event instanceof ResourceParked e) {
      Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
      p.put(e.resource(), e.parked());
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, incarnation, online, p);
    } else if (event instanceof ResourceResumed e) {
      Map<String, String> o = new LinkedHashMap<>(online);
      o.put(e.resource(), e.node());
      Map<String, ParkedResource> p = new LinkedHashMap<>(parked);
      p.remove(e.resource());
      return new Account(roster, rosterVersion, pendingIn, blocklist, vcard, privateXml, incarnation, o, p);
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }
}
