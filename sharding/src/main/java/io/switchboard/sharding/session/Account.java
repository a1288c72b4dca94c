package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.blocking.BlockList;
import io.switchboard.sharding.blocking.BlockingEvent;
import io.switchboard.sharding.mam.MamEvent;
import io.switchboard.sharding.mam.MamPreferences;
import io.switchboard.sharding.push.PushEvent;
import io.switchboard.sharding.push.PushRegistrations;
import io.switchboard.sharding.privatedata.PrivateXml;
import io.switchboard.sharding.privatedata.PrivateXmlStored;
import io.switchboard.sharding.roster.ContactState;
import io.switchboard.sharding.roster.RosterEvent;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.roster.RosterState;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationAdopted;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationStarted;
import io.switchboard.sharding.session.AccountEvent.AccountRemoved;
import io.switchboard.sharding.session.ResourceEvent.ResourceOffline;
import io.switchboard.sharding.session.ResourceEvent.ResourceOnline;
import io.switchboard.sharding.session.sm.ParkEvent;
import io.switchboard.sharding.session.sm.ParkedResource;
import io.switchboard.sharding.vcard.VcardStored;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * The persisted state of one account, rebuilt from {@link UserSession}'s events and snapshots: one
 * slice per part that persists something. Each part's events change only its own slice
 * ({@link #apply}); the account's incarnation (its creation time, null when not yet recorded, as
 * in journals written before it existed) frames them all. Immutable.
 *
 * <p>Snapshots written before the state was split into slices (one record of nine fields) are read
 * through {@code AccountSnapshotMigration}.
 *
 * @param roster items, version and pending inbound requests (RFC 6121)
 * @param blocking the XEP-0191 blocklist
 * @param vcard the XEP-0054 vCard, or null
 * @param privateXml XEP-0049 private XML
 * @param incarnation the account's creation time this state belongs to, or null
 * @param resources the resources recorded online, parked sessions, the last logout and login
 * @param mamPreferences the XEP-0441 archiving preferences, or null for the server's default
 * @param push the XEP-0357 registrations
 */
public record Account(
    RosterState roster,
    BlockList blocking,
    XmlElement vcard,
    PrivateXml privateXml,
    Instant incarnation,
    OnlineRecord resources,
    MamPreferences mamPreferences,
    PushRegistrations push)
    implements CborSerializable {

  public static final Account EMPTY =
      new Account(RosterState.EMPTY, BlockList.EMPTY, null, PrivateXml.EMPTY, null, OnlineRecord.EMPTY, null,
          PushRegistrations.NONE);

  public Account {
    roster = roster == null ? RosterState.EMPTY : roster;
    blocking = blocking == null ? BlockList.EMPTY : blocking;
    privateXml = privateXml == null ? PrivateXml.EMPTY : privateXml;
    resources = resources == null ? OnlineRecord.EMPTY : resources;
    push = push == null ? PushRegistrations.NONE : push;
  }

  /** An account of the slices a version before XEP-0313 and XEP-0357 knew. */
  public Account(RosterState roster, BlockList blocking, XmlElement vcard, PrivateXml privateXml, Instant incarnation,
      OnlineRecord resources) {
    this(roster, blocking, vcard, privateXml, incarnation, resources, null, PushRegistrations.NONE);
  }

  /** Whether anything but the incarnation is stored (roster, requests, blocklist, vCard, XML, preferences, push). */
  public boolean hasData() {
    return !roster.isEmpty() || !blocking.isEmpty() || vcard != null || !privateXml.isEmpty()
        || mamPreferences != null || !push.isEmpty();
  }

  public RosterItem item(BareJid contact) {
    return roster.item(contact);
  }

  public ContactState contactState(BareJid contact) {
    return roster.contactState(contact);
  }

  public boolean isBlocked(Jid jid) {
    return blocking.isBlocked(jid);
  }

  /** The roster items by contact (a view of the roster slice). */
  public Map<String, RosterItem> rosterItems() {
    return roster.items();
  }

  public long rosterVersion() {
    return roster.version();
  }

  public Map<String, XmlElement> pendingIn() {
    return roster.pendingIn();
  }

  public Set<String> blocklist() {
    return blocking.jids();
  }

  public Map<String, String> online() {
    return resources.online();
  }

  public Map<String, ParkedResource> parked() {
    return resources.parked();
  }

  public Account apply(UserSession.Event event) {
    if (event instanceof RosterEvent e) {
      return new Account(roster.apply(e), blocking, vcard, privateXml, incarnation, resources, mamPreferences, push);
    } else if (event instanceof BlockingEvent e) {
      return new Account(roster, blocking.apply(e), vcard, privateXml, incarnation, resources, mamPreferences, push);
    } else if (event instanceof VcardStored e) {
      return new Account(roster, blocking, e.vcard(), privateXml, incarnation, resources, mamPreferences, push);
    } else if (event instanceof PrivateXmlStored e) {
      return new Account(roster, blocking, vcard, privateXml.with(e.element()), incarnation, resources, mamPreferences,
          push);
    } else if (event instanceof ResourceOnline e) {
      return withResources(resources.bound(e.resource(), e.node(), e.at()));
    } else if (event instanceof ResourceOffline e) {
      return withResources(resources.unbound(e.resource(), e.at()));
    } else if (event instanceof ParkEvent.ResourceParked e) {
      return withResources(resources.park(e.resource(), e.parked()));
    } else if (event instanceof ParkEvent.ResourceResumed e) {
      return withResources(resources.resumed(e.resource(), e.node()));
    } else if (event instanceof MamEvent.MamPreferencesSet e) {
      return new Account(roster, blocking, vcard, privateXml, incarnation, resources, e.preferences(), push);
    } else if (event instanceof PushEvent.PushEnabled e) {
      return new Account(roster, blocking, vcard, privateXml, incarnation, resources, mamPreferences,
          push.with(e.registration()));
    } else if (event instanceof PushEvent.PushDisabled e) {
      return new Account(roster, blocking, vcard, privateXml, incarnation, resources, mamPreferences,
          push.without(e.jid(), e.node()));
    } else if (event instanceof AccountIncarnationStarted e) {
      // The roster version keeps counting: a client may hold the old incarnation's roster cached.
      return new Account(roster.cleared(), BlockList.EMPTY, null, PrivateXml.EMPTY, e.createdAt(), OnlineRecord.EMPTY,
          null, PushRegistrations.NONE);
    } else if (event instanceof AccountIncarnationAdopted e) {
      return new Account(roster, blocking, vcard, privateXml, e.createdAt(), resources, mamPreferences, push);
    } else if (event == AccountRemoved.INSTANCE) {
      return new Account(roster.cleared(), BlockList.EMPTY, null, PrivateXml.EMPTY, null, OnlineRecord.EMPTY, null,
          PushRegistrations.NONE);
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }

  private Account withResources(OnlineRecord r) {
    return new Account(roster, blocking, vcard, privateXml, incarnation, r, mamPreferences, push);
  }
}
