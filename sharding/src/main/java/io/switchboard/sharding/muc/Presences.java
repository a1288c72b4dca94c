package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucItem;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The presence stanzas a room sends about an occupant (XEP-0045 §7.2.2-§7.2.4, §7.6, §7.14): the
 * occupant's own presence children, then {@code <x xmlns='muc#user'>} with its item and status
 * codes, then its XEP-0421 occupant id. Who sees the real JID: the occupant itself, moderators,
 * and everyone in a non-anonymous room. Stateless.
 */
final class Presences {
  private Presences() {}

  /** What the occupant's own presence contributes: its children without MUC or addressing parts. */
  static XmlElement clean(XmlElement presence) {
    List<XmlNode> keep = new ArrayList<>();
    for (XmlElement c : presence.elements()) {
      if (c.namespace().equals(Namespaces.MUC) || c.namespace().equals(Namespaces.MUC_USER)
          || c.namespace().equals(Namespaces.OCCUPANT_ID)) {
        continue;
      }
      keep.add(c);
    }
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).children(keep).build();
  }

  /** Whether occupants of {@code viewer} role see real JIDs in this room. */
  static boolean seesJids(RoomState s, Role viewer) {
    return s.config().nonAnonymous() || viewer == Role.MODERATOR;
  }

  /** The item describing {@code o}; with its primary session's full JID when {@code withJid}. */
  static MucItem item(RoomContext ctx, RoomState s, Occupant o, boolean withJid) {
    MucItem item = MucItem.of(ctx.affiliation(s, o.bareJid()), o.role());
    return withJid ? item.withJid(o.primary().fullJid()) : item;
  }

  /** {@code o}'s available presence (from its primary session) with {@code item} and statuses. */
  static XmlElement available(RoomContext ctx, Occupant o, MucItem item, List<Integer> statuses) {
    return build(ctx, o, o.primary().presence(), null, MucUser.presence(item, statuses));
  }

  /**
   * An unavailable presence from {@code nick} carrying {@code user} (item, statuses, destroy);
   * {@code source} is the presence that caused it (its status text is kept), or null.
   */
  static XmlElement unavailable(RoomContext ctx, Occupant o, String nick, XmlElement source, MucUser user) {
    List<XmlNode> children = new ArrayList<>();
    if (source != null) {
      source.child("status", source.namespace()).ifPresent(children::add);
    }
    XmlElement.Builder b = XmlElement.builder("presence", Namespaces.JABBER_CLIENT)
        .attr("from", ctx.occupantJid(nick)).attr("type", "unavailable").children(children)
        .child(user.toElement());
    if (o != null) {
      b.child(new OccupantId(o.occupantId()).toElement());
    }
    return b.build();
  }

  private static XmlElement build(RoomContext ctx, Occupant o, XmlElement presence, String type, MucUser user) {
    XmlElement.Builder b = XmlElement.builder("presence", Namespaces.JABBER_CLIENT)
        .attr("from", ctx.occupantJid(o.nick())).attr("type", type);
    if (presence != null) {
      b.children(presence.elements());
    }
    return b.child(user.toElement()).child(new OccupantId(o.occupantId()).toElement()).build();
  }

  /**
   * One presence about {@code subject} to everyone in {@code room}: {@code self} to
   * {@code selfSessions}, and to every other occupant's sessions {@code withJid} or
   * {@code withoutJid} by what they may see. Others get nothing when {@code toOthers} is false.
   */
  static List<Outgoing> broadcast(RoomState room, Occupant subject, Collection<String> selfSessions,
      XmlElement self, XmlElement withJid, XmlElement withoutJid, boolean toOthers) {
    return broadcast(room, subject, selfSessions, self, withJid, withoutJid, toOthers, null, null);
  }

  /**
   * As above; the copy to {@code requester} (one of the self sessions, the one whose stanza caused
   * this) carries {@code id}, the id of that stanza (XEP-0045 §7.2.2: the service reflects ids, so
   * a client can match its own presence; Smack requires it from a service with stable ids).
   */
  static List<Outgoing> broadcast(RoomState room, Occupant subject, Collection<String> selfSessions,
      XmlElement self, XmlElement withJid, XmlElement withoutJid, boolean toOthers, String requester, String id) {
    List<Outgoing> out = new ArrayList<>(4);
    if (!selfSessions.isEmpty() && self != null) {
      List<String> rest = new ArrayList<>(selfSessions);
      if (requester != null && rest.remove(requester)) {
        out.add(new Outgoing.Send(self.withAttribute("to", requester).withAttribute("id", id)));
      }
      if (!rest.isEmpty()) {
        out.add(new Outgoing.Fanout(self, rest));
      }
    }
    if (!toOthers) {
      return out;
    }
    List<String> seeing = new ArrayList<>();
    List<String> blind = new ArrayList<>();
    for (Occupant p : room.occupants().values()) {
      if (p.nick().equals(subject.nick())) {
        continue;
      }
      List<String> target = seesJids(room, p.role()) ? seeing : blind;
      for (Occupant.Session session : p.sessions()) {
        target.add(session.fullJid());
      }
    }
    if (!seeing.isEmpty()) {
      out.add(new Outgoing.Fanout(withJid, seeing));
    }
    if (!blind.isEmpty()) {
      out.add(new Outgoing.Fanout(withoutJid, blind));
    }
    return out;
  }

  /**
   * {@code o}'s current available presence to everyone (a change of presence, role or
   * affiliation), with {@code statuses} for all and 110 added for its own sessions.
   */
  static List<Outgoing> availableToAll(RoomContext ctx, RoomState s, Occupant o, List<Integer> statuses) {
    return availableToAll(ctx, s, o, statuses, null, null);
  }

  /** As above, the copy to {@code requester} carrying {@code id}. */
  static List<Outgoing> availableToAll(RoomContext ctx, RoomState s, Occupant o, List<Integer> statuses,
      String requester, String id) {
    List<Integer> self = new ArrayList<>();
    self.add(io.switchboard.protocol.muc.MucStatus.SELF);
    self.addAll(statuses);
    XmlElement selfCopy = available(ctx, o, item(ctx, s, o, true), self);
    XmlElement withJid = available(ctx, o, item(ctx, s, o, true), statuses);
    XmlElement withoutJid = available(ctx, o, item(ctx, s, o, false), statuses);
    return broadcast(s, o, o.fullJids(), selfCopy, withJid, withoutJid, s.config().broadcasts(o.role()),
        requester, id);
  }

  /**
   * {@code o} leaves (all its sessions): unavailable, role none, with {@code statuses} and the
   * actor and reason of {@code template}'s item (kick, ban); 110 added for its own sessions.
   * {@code before} is the state that still holds {@code o} (its audience).
   */
  static List<Outgoing> removal(RoomContext ctx, RoomState before, Occupant o, Affiliation affiliation,
      MucItem template, List<Integer> statuses, XmlElement source, MucUser.Destroy destroy) {
    return removal(ctx, before, o, affiliation, template, statuses, source, destroy, null);
  }

  /** As above; the copy to the session that sent {@code source} carries its id. */
  static List<Outgoing> removal(RoomContext ctx, RoomState before, Occupant o, Affiliation affiliation,
      MucItem template, List<Integer> statuses, XmlElement source, MucUser.Destroy destroy, String requester) {
    List<Integer> self = new ArrayList<>();
    self.add(io.switchboard.protocol.muc.MucStatus.SELF);
    self.addAll(statuses);
    MucItem base = new MucItem(affiliation, Role.NONE, null, null,
        template == null ? null : template.reason(), template == null ? null : template.actorNick(),
        template == null ? null : template.actorJid());
    MucItem withJid = base.withJid(o.primary().fullJid());
    XmlElement selfCopy = unavailable(ctx, o, o.nick(), source,
        new MucUser(List.of(withJid), self, List.of(), List.of(), destroy, null));
    XmlElement seeing = unavailable(ctx, o, o.nick(), source,
        new MucUser(List.of(withJid), statuses, List.of(), List.of(), destroy, null));
    XmlElement blind = unavailable(ctx, o, o.nick(), source,
        new MucUser(List.of(base), statuses, List.of(), List.of(), destroy, null));
    return broadcast(before, o, o.fullJids(), selfCopy, seeing, blind, before.config().broadcasts(o.role()),
        requester, source == null ? null : source.attr("id"));
  }
}
