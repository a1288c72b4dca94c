package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.Nicknames;
import io.switchboard.sharding.muc.Occupant.Session;
import io.switchboard.sharding.muc.RoomEvent.AffiliationChanged;
import io.switchboard.sharding.muc.RoomEvent.NickChanged;
import io.switchboard.sharding.muc.RoomEvent.OccupantJoined;
import io.switchboard.sharding.muc.RoomEvent.OccupantRemoved;
import io.switchboard.sharding.muc.RoomEvent.PresenceUpdated;
import io.switchboard.sharding.muc.RoomEvent.RoleChanged;
import io.switchboard.sharding.muc.RoomEvent.RoomConfigured;
import io.switchboard.sharding.muc.RoomEvent.RoomCreated;
import io.switchboard.sharding.muc.RoomEvent.RoomDestroyed;
import io.switchboard.sharding.muc.RoomEvent.SessionLeft;
import io.switchboard.sharding.muc.RoomEvent.SubjectChanged;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journaled state of one room. Immutable: each event gives a new state (the maps are copied,
 * one O(n) copy per occupancy change; messages change nothing here).
 *
 * @param affiliations bare JID → affiliation (none is absent)
 * @param occupants nickname key ({@link Nicknames#key}) → occupant, in order of entry
 * @param sessions every joined full JID → its occupant's nickname key (derived from occupants)
 * @param subject the subject ("" for none) and {@code subjectFrom} the JID it comes from
 * @param salt the secret the XEP-0421 occupant ids are derived from
 * @param creator the bare JID that created the room
 */
public record RoomState(
    boolean exists,
    boolean locked,
    RoomConfig config,
    Map<String, Affiliated> affiliations,
    Map<String, Occupant> occupants,
    Map<String, String> sessions,
    String subject,
    String subjectFrom,
    String salt,
    String creator,
    Instant createdAt) implements CborSerializable {

  /** An affiliation with the reason given when it was set (shown in affiliation lists). */
  public record Affiliated(Affiliation affiliation, String reason) implements CborSerializable {}

  public static final RoomState ABSENT =
      new RoomState(false, false, null, Map.of(), Map.of(), Map.of(), "", null, null, null, null);

  public RoomState {
    affiliations = Collections.unmodifiableMap(new LinkedHashMap<>(affiliations));
    occupants = Collections.unmodifiableMap(new LinkedHashMap<>(occupants));
    sessions = sessions == null ? index(occupants) : Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
    subject = subject == null ? "" : subject;
  }

  private static Map<String, String> index(Map<String, Occupant> occupants) {
    Map<String, String> out = new LinkedHashMap<>();
    occupants.forEach((key, o) -> o.sessions().forEach(s -> out.put(s.fullJid(), key)));
    return Collections.unmodifiableMap(out);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** The affiliation of {@code bareJid} recorded in the room (service admins are not included). */
  public Affiliation affiliation(String bareJid) {
    Affiliated a = affiliations.get(bareJid);
    return a == null ? Affiliation.NONE : a.affiliation();
  }

  public Occupant occupant(String nick) {
    return nick == null ? null : occupants.get(Nicknames.key(nick));
  }

  /** The occupant one of whose sessions is {@code fullJid}, or null. */
  public Occupant bySession(String fullJid) {
    String key = fullJid == null ? null : sessions.get(fullJid);
    return key == null ? null : occupants.get(key);
  }

  /** Every occupant held by {@code bareJid}. */
  public List<Occupant> byBareJid(String bareJid) {
    List<Occupant> out = new ArrayList<>();
    for (Occupant o : occupants.values()) {
      if (o.bareJid().equals(bareJid)) {
        out.add(o);
      }
    }
    return out;
  }

  /** Owners recorded in the room. */
  public List<String> owners() {
    List<String> out = new ArrayList<>();
    affiliations.forEach((jid, a) -> {
      if (a.affiliation() == Affiliation.OWNER) {
        out.add(jid);
      }
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  public RoomState apply(RoomEvent event) {
    if (event instanceof RoomCreated e) {
      return new RoomState(true, e.locked(), e.config(),
          Map.of(e.creator(), new Affiliated(Affiliation.OWNER, null)), Map.of(), Map.of(), "", null,
          e.salt(), e.creator(), e.at());
    }
    if (event instanceof RoomDestroyed) {
      return ABSENT;
    }
    if (event instanceof RoomConfigured e) {
      return new RoomState(exists, false, e.config(), affiliations, occupants, sessions, subject,
          subjectFrom, salt, creator, createdAt);
    }
    if (event instanceof OccupantJoined e) {
      String key = Nicknames.key(e.nick());
      Occupant existing = occupants.get(key);
      Session session = new Session(e.fullJid(), e.presence(), e.node());
      Occupant next = existing == null
          ? new Occupant(e.nick(), e.bareJid(), e.role(), e.occupantId(), List.of(session))
          : existing.withSession(session).withRole(e.role());
      Map<String, String> idx = new LinkedHashMap<>(sessions);
      idx.put(e.fullJid(), key);
      return withOccupants(put(key, next), idx);
    }
    if (event instanceof PresenceUpdated e) {
      String key = Nicknames.key(e.nick());
      Occupant o = occupants.get(key);
      Session old = o == null ? null : o.session(e.fullJid());
      if (old == null) {
        return this;
      }
      return withOccupants(put(key, o.withSession(new Session(e.fullJid(), e.presence(), old.node()))), sessions);
    }
    if (event instanceof SessionLeft e) {
      String key = Nicknames.key(e.nick());
      Occupant o = occupants.get(key);
      if (o == null) {
        return this;
      }
      Occupant rest = o.withoutSession(e.fullJid());
      Map<String, String> idx = new LinkedHashMap<>(sessions);
      idx.remove(e.fullJid());
      return withOccupants(rest.sessions().isEmpty() ? remove(key) : put(key, rest), idx);
    }
    if (event instanceof OccupantRemoved e) {
      String key = Nicknames.key(e.nick());
      Occupant o = occupants.get(key);
      if (o == null) {
        return this;
      }
      Map<String, String> idx = new LinkedHashMap<>(sessions);
      o.fullJids().forEach(idx::remove);
      return withOccupants(remove(key), idx);
    }
    if (event instanceof NickChanged e) {
      String oldKey = Nicknames.key(e.oldNick());
      Occupant o = occupants.get(oldKey);
      if (o == null) {
        return this;
      }
      String newKey = Nicknames.key(e.newNick());
      Map<String, Occupant> next = new LinkedHashMap<>(occupants);
      next.remove(oldKey);
      next.put(newKey, o.withNick(e.newNick()));
      Map<String, String> idx = new LinkedHashMap<>(sessions);
      o.fullJids().forEach(j -> idx.put(j, newKey));
      return withOccupants(next, idx);
    }
    if (event instanceof RoleChanged e) {
      String key = Nicknames.key(e.nick());
      Occupant o = occupants.get(key);
      return o == null ? this : withOccupants(put(key, o.withRole(e.role())), sessions);
    }
    if (event instanceof AffiliationChanged e) {
      Map<String, Affiliated> next = new LinkedHashMap<>(affiliations);
      if (e.affiliation() == Affiliation.NONE) {
        next.remove(e.bareJid());
      } else {
        next.put(e.bareJid(), new Affiliated(e.affiliation(), e.reason()));
      }
      return new RoomState(exists, locked, config, next, occupants, sessions, subject, subjectFrom, salt,
          creator, createdAt);
    }
    if (event instanceof SubjectChanged e) {
      return new RoomState(exists, locked, config, affiliations, occupants, sessions, e.subject(),
          e.from(), salt, creator, createdAt);
    }
    throw new IllegalArgumentException("unknown room event " + event.getClass().getName());
  }

  private Map<String, Occupant> put(String key, Occupant o) {
    Map<String, Occupant> next = new LinkedHashMap<>(occupants);
    next.put(key, o);
    return next;
  }

  private Map<String, Occupant> remove(String key) {
    Map<String, Occupant> next = new LinkedHashMap<>(occupants);
    next.remove(key);
    return next;
  }

  private RoomState withOccupants(Map<String, Occupant> next, Map<String, String> idx) {
    return new RoomState(exists, locked, config, affiliations, next, idx, subject, subjectFrom, salt,
        creator, createdAt);
  }
}
