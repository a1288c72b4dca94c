package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucItem;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.muc.MucStatus;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.muc.Nicknames;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomEvent.NickChanged;
import io.switchboard.sharding.muc.RoomEvent.OccupantJoined;
import io.switchboard.sharding.muc.RoomEvent.PresenceUpdated;
import io.switchboard.sharding.muc.RoomEvent.RoomCreated;
import io.switchboard.sharding.muc.RoomEvent.RoomDestroyed;
import io.switchboard.sharding.muc.RoomEvent.SessionLeft;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.Jid;

/**
 * Who is in the room (XEP-0045 §7.1-§7.2 entering, §7.6 nickname change, §7.7 presence change,
 * §7.14 exit, §10.1 creation): presence to an occupant JID, and the removal of a session that can
 * no longer be reached (status 333). Stateless.
 */
final class Occupancy {

  Decision onPresence(RoomContext ctx, RoomState s, RoomRequest.Presence req) {
    if (req.from() == null) {
      return Decision.none();
    }
    Occupant current = s.bySession(req.from());
    if (req.type() == PresenceType.UNAVAILABLE) {
      return current == null ? Decision.none() : leave(ctx, s, current, req.from(), req.stanza());
    }
    if (req.type() != PresenceType.AVAILABLE) {
      return Decision.none(); // probes and subscriptions mean nothing to a room
    }
    String nick = Nicknames.enforce(req.nick(), ctx.settings().maxNickBytes()).orElse(null);
    if (nick == null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.JID_MALFORMED, "not a valid nickname");
    }
    if (current == null) {
      return enter(ctx, s, req, nick);
    }
    if (Nicknames.key(nick).equals(Nicknames.key(current.nick()))) {
      return MucJoin.in(req.stanza()).isPresent()
          ? reenter(ctx, s, current, req)
          : update(ctx, s, current, req);
    }
    return changeNick(ctx, s, current, req, nick);
  }

  // ---------------------------------------------------------------------------------------------
  // Entering (§7.2) and creating (§10.1)

  private Decision enter(RoomContext ctx, RoomState s, RoomRequest.Presence req, String nick) {
    Jid from = Jids.parse(req.from()).orElse(null);
    if (from == null || !from.hasResource() || from.asEntityBareJidIfPossible() == null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST);
    }
    String bare = from.asBareJid().toString();
    MucJoin join = MucJoin.in(req.stanza()).orElse(null);
    if (!s.exists()) {
      return create(ctx, req, nick, bare, join);
    }
    Affiliation aff = ctx.affiliation(s, bare);
    if (s.locked() && aff != Affiliation.OWNER) {
      return Decision.error(req.stanza(), StanzaErrorCondition.ITEM_NOT_FOUND, "the room is locked");
    }
    if (aff == Affiliation.OUTCAST) {
      return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN, "banned from this room");
    }
    if (s.config().membersOnly() && !aff.atLeast(Affiliation.MEMBER)) {
      return Decision.error(req.stanza(), StanzaErrorCondition.REGISTRATION_REQUIRED, "members only");
    }
    if (s.config().needsPassword() && aff != Affiliation.OWNER
        && (join == null || !s.config().password().equals(join.password()))) {
      return Decision.error(req.stanza(), StanzaErrorCondition.NOT_AUTHORIZED, "a password is required");
    }
    Occupant holder = s.occupant(nick);
    if (holder != null && !holder.bareJid().equals(bare)) {
      return Decision.error(req.stanza(), StanzaErrorCondition.CONFLICT, "nickname in use");
    }
    if (holder == null) {
      int count = s.occupants().size();
      if (count >= ctx.settings().maxOccupantsLimit()
          || count >= s.config().maxUsers() && !aff.atLeast(Affiliation.ADMIN)) {
        return Decision.error(req.stanza(), StanzaErrorCondition.SERVICE_UNAVAILABLE, "the room is full");
      }
    }
    Role role = holder != null ? holder.role() : defaultRole(s, aff);
    String occupantId = holder != null ? holder.occupantId() : OccupantIds.of(s.salt(), bare);
    OccupantJoined joined = new OccupantJoined(nick, bare, req.from(), role, occupantId,
        Presences.clean(req.stanza()), ctx.origin());
    RoomState after = s.apply(joined);
    Decision.Builder d = new Decision.Builder().event(joined);
    entrySequence(ctx, after, after.occupant(nick), req.from(), req.stanza().attr("id"), join,
        entryStatuses(after, !nick.equals(req.nick())), d);
    return d.build();
  }

  private Decision create(RoomContext ctx, RoomRequest.Presence req, String nick, String bare, MucJoin join) {
    MucSettings settings = ctx.settings();
    boolean admin = settings.isAdmin(bare);
    boolean local = bare.endsWith("@" + ctx.domain());
    boolean allowed = switch (settings.creationPolicy()) {
      case OPEN -> true;
      case LOCAL_USERS -> local || admin;
      case ADMINS -> admin;
    };
    if (!allowed) {
      return Decision.error(req.stanza(), StanzaErrorCondition.NOT_ALLOWED, "room creation is not allowed");
    }
    String localpart = ctx.room().substring(0, ctx.room().indexOf('@'));
    if (localpart.getBytes(StandardCharsets.UTF_8).length > settings.maxRoomNameBytes()) {
      return Decision.error(req.stanza(), StanzaErrorCondition.JID_MALFORMED, "room name too long");
    }
    if (settings.maxRoomsPerUser() > 0 && !admin) {
      if (ctx.roomsCreated() == null) {
        return Decision.countRooms(bare);
      }
      if (ctx.roomsCreated() >= settings.maxRoomsPerUser()) {
        return Decision.error(req.stanza(), StanzaErrorCondition.NOT_ALLOWED,
            "you created " + ctx.roomsCreated() + " rooms, the most allowed");
      }
    }
    // A join without the MUC extension (groupchat 1.0) cannot configure: the room is instant.
    boolean locked = join != null;
    String salt = OccupantIds.newSalt();
    RoomCreated created = new RoomCreated(bare, RoomConfig.defaults(settings), salt, ctx.now(), locked);
    OccupantJoined joined = new OccupantJoined(nick, bare, req.from(), Role.MODERATOR,
        OccupantIds.of(salt, bare), Presences.clean(req.stanza()), ctx.origin());
    RoomState after = RoomState.ABSENT.apply(created).apply(joined);
    Occupant o = after.occupant(nick);
    List<Integer> statuses = entryStatuses(after, !nick.equals(req.nick()));
    statuses.add(0, MucStatus.SELF);
    statuses.add(MucStatus.ROOM_CREATED);
    Decision.Builder d = new Decision.Builder().event(created).event(joined);
    d.out(new Outgoing.Send(Presences.available(ctx, o, Presences.item(ctx, after, o, true), statuses)
        .withAttribute("to", req.from()).withAttribute("id", req.stanza().attr("id"))));
    if (!locked) {
      d.send(subject(ctx, after, req.from()));
    }
    return d.build();
  }

  /** A session already in the room sent the MUC join again (it lost track, §7.2 / XEP-0410). */
  private Decision reenter(RoomContext ctx, RoomState s, Occupant o, RoomRequest.Presence req) {
    PresenceUpdated updated = new PresenceUpdated(o.nick(), req.from(), Presences.clean(req.stanza()));
    RoomState after = s.apply(updated);
    Decision.Builder d = new Decision.Builder().event(updated);
    entrySequence(ctx, after, after.occupant(o.nick()), req.from(), req.stanza().attr("id"),
        MucJoin.in(req.stanza()).orElse(null), entryStatuses(after, false), d);
    return d.build();
  }

  /**
   * §7.1: to the entering session, every other occupant's presence, then its own (with
   * {@code statuses}), then the history, then the subject; every other occupant gets the newcomer's
   * presence.
   */
  private void entrySequence(RoomContext ctx, RoomState after, Occupant o, String session, String joinId,
      MucJoin join, List<Integer> statuses, Decision.Builder d) {
    boolean sees = Presences.seesJids(after, o.role());
    for (Occupant other : after.occupants().values()) {
      if (other == o || !after.config().broadcasts(other.role()) && o.role() != Role.MODERATOR) {
        continue;
      }
      d.send(Presences.available(ctx, other, Presences.item(ctx, after, other, sees), List.of())
          .withAttribute("to", session));
    }
    List<Integer> selfStatuses = new ArrayList<>();
    selfStatuses.add(MucStatus.SELF);
    selfStatuses.addAll(statuses);
    XmlElement self = Presences.available(ctx, o, Presences.item(ctx, after, o, true), selfStatuses);
    XmlElement withJid = Presences.available(ctx, o, Presences.item(ctx, after, o, true), List.of());
    XmlElement withoutJid = Presences.available(ctx, o, Presences.item(ctx, after, o, false), List.of());
    // The entering session's self-presence carries the id of its join (XEP-0045 §7.2.2).
    d.send(self.withAttribute("to", session).withAttribute("id", joinId));
    List<String> otherSessions = new ArrayList<>(o.fullJids());
    otherSessions.remove(session);
    d.outAll(Presences.broadcast(after, o, otherSessions,
        Presences.available(ctx, o, Presences.item(ctx, after, o, true), List.of(MucStatus.SELF)),
        withJid, withoutJid, after.config().broadcasts(o.role())));
    d.out(new Outgoing.History(session, join, after.config().maxHistory()));
    d.send(subject(ctx, after, session));
  }

  /** Status codes of an entering occupant's self-presence (110 is added by the caller). */
  private static List<Integer> entryStatuses(RoomState s, boolean nickModified) {
    List<Integer> statuses = new ArrayList<>();
    if (s.config().nonAnonymous()) {
      statuses.add(MucStatus.NON_ANONYMOUS);
    }
    if (s.config().publicLogging()) {
      statuses.add(MucStatus.LOGGING_ENABLED);
    }
    if (nickModified) {
      statuses.add(MucStatus.NICK_ASSIGNED);
    }
    return statuses;
  }

  /** §7.2.15: the subject message every entering session gets, even when there is none. */
  static XmlElement subject(RoomContext ctx, RoomState s, String to) {
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", s.subjectFrom() == null ? ctx.room() : s.subjectFrom())
        .attr("to", to).attr("type", "groupchat")
        .child(XmlElement.builder("subject", Namespaces.JABBER_CLIENT).text(s.subject()))
        .build();
  }

  /** §5.1.2: the role an occupant with {@code aff} has when it enters. */
  static Role defaultRole(RoomState s, Affiliation aff) {
    return switch (aff) {
      case OWNER, ADMIN -> Role.MODERATOR;
      case MEMBER -> Role.PARTICIPANT;
      case NONE -> s.config().moderated() ? Role.VISITOR : Role.PARTICIPANT;
      case OUTCAST -> Role.NONE;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Presence change (§7.7) and nickname change (§7.6)

  private Decision update(RoomContext ctx, RoomState s, Occupant o, RoomRequest.Presence req) {
    PresenceUpdated updated = new PresenceUpdated(o.nick(), req.from(), Presences.clean(req.stanza()));
    RoomState after = s.apply(updated);
    return Decision.of(List.of(updated), Presences.availableToAll(ctx, after, after.occupant(o.nick()), List.of(),
        req.from(), req.stanza().attr("id")));
  }

  private Decision changeNick(RoomContext ctx, RoomState s, Occupant o, RoomRequest.Presence req, String nick) {
    Occupant holder = s.occupant(nick);
    if (holder != null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.CONFLICT, "nickname in use");
    }
    NickChanged changed = new NickChanged(o.nick(), nick);
    PresenceUpdated updated = new PresenceUpdated(nick, req.from(), Presences.clean(req.stanza()));
    RoomState after = s.apply(changed).apply(updated);
    Occupant renamed = after.occupant(nick);
    Decision.Builder d = new Decision.Builder().event(changed).event(updated);
    MucItem base = MucItem.of(ctx.affiliation(s, o.bareJid()), o.role()).withNick(nick);
    MucItem withJid = base.withJid(o.primary().fullJid());
    XmlElement self = Presences.unavailable(ctx, o, o.nick(), null,
        MucUser.presence(withJid, List.of(MucStatus.SELF, MucStatus.NEW_NICK)));
    XmlElement seeing = Presences.unavailable(ctx, o, o.nick(), null,
        MucUser.presence(withJid, List.of(MucStatus.NEW_NICK)));
    XmlElement blind = Presences.unavailable(ctx, o, o.nick(), null,
        MucUser.presence(base, List.of(MucStatus.NEW_NICK)));
    d.outAll(Presences.broadcast(s, o, o.fullJids(), self, seeing, blind, s.config().broadcasts(o.role())));
    d.outAll(Presences.availableToAll(ctx, after, renamed,
        nick.equals(req.nick()) ? List.of() : List.of(MucStatus.NICK_ASSIGNED), req.from(), req.stanza().attr("id")));
    return d.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Exit (§7.14) and removal of an unreachable session

  /** {@code session} of {@code o} leaves, with {@code source}'s status text. */
  Decision leave(RoomContext ctx, RoomState s, Occupant o, String session, XmlElement source) {
    return depart(ctx, s, o, session, source, List.of());
  }

  /**
   * {@code session} can no longer be reached (an error bounced from it, or its entity says it is
   * gone): it leaves with status 333.
   */
  Decision unreachable(RoomContext ctx, RoomState s, String session) {
    Occupant o = s.bySession(session);
    return o == null ? Decision.none() : depart(ctx, s, o, session, null, List.of(MucStatus.REMOVED_ERROR));
  }

  private Decision depart(RoomContext ctx, RoomState s, Occupant o, String session, XmlElement source,
      List<Integer> statuses) {
    SessionLeft left = new SessionLeft(o.nick(), session);
    RoomState after = s.apply(left);
    Decision.Builder d = new Decision.Builder().event(left);
    Occupant rest = after.occupant(o.nick());
    Affiliation aff = ctx.affiliation(s, o.bareJid());
    if (rest == null) {
      d.outAll(Presences.removal(ctx, s, o, aff, null, statuses, source, null, session));
    } else {
      // Another session keeps the nickname: this one is told it left, the others see a change.
      List<Integer> self = new ArrayList<>(statuses);
      self.add(0, MucStatus.SELF);
      MucItem item = new MucItem(aff, Role.NONE, session, null, null, null, null);
      d.send(Presences.unavailable(ctx, o, o.nick(), source, MucUser.presence(item, self))
          .withAttribute("to", session).withAttribute("id", source == null ? null : source.attr("id")));
      d.outAll(Presences.availableToAll(ctx, after, rest, List.of()));
    }
    closeIfEmpty(s, after, d);
    return d.build();
  }

  /**
   * A temporary room goes when its last occupant leaves (§10.1.1), and so does a room still
   * locked when its creator leaves (§10.1.3).
   */
  static void closeIfEmpty(RoomState before, RoomState after, Decision.Builder d) {
    if (after.occupants().isEmpty() && (!after.config().persistent() || after.locked())) {
      d.event(new RoomDestroyed(null, null));
    }
  }
}
