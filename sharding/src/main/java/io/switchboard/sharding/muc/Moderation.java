package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucItem;
import io.switchboard.protocol.muc.MucStatus;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomEvent.AffiliationChanged;
import io.switchboard.sharding.muc.RoomEvent.OccupantRemoved;
import io.switchboard.sharding.muc.RoomEvent.RoleChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxmpp.jid.Jid;

/**
 * Roles and affiliations through {@code muc#admin} (XEP-0045 §8 moderator and §9 admin use
 * cases, and the owner's §10.3-§10.7): kick, voice, moderator, member, admin, owner and ban lists,
 * with the permission tables of §5.1.3 and §5.2.3. A set with several items is checked whole and
 * then applied whole. Stateless.
 */
final class Moderation {

  Decision onAdmin(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    Occupant actor = s.bySession(req.from());
    String actorBare = bare(req.from());
    Affiliation actorAff = ctx.affiliation(s, actorBare);
    Role actorRole = actor == null ? Role.NONE : actor.role();
    List<XmlElement> items = req.payload().elements("item", Namespaces.MUC_ADMIN);
    if (items.isEmpty() || !items.stream().allMatch(MucItem::valid)) {
      return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST);
    }
    return "get".equals(req.stanza().attr("type"))
        ? list(ctx, s, req, MucItem.parse(items.get(0)), actorAff, actorRole)
        : change(ctx, s, req, items.stream().map(MucItem::parse).toList(), actor, actorAff, actorRole);
  }

  // ---------------------------------------------------------------------------------------------
  // Lists (§8.5 voice list, §9.5 member list, §9.8 moderator list, §10.5 owner and admin lists)

  private Decision list(RoomContext ctx, RoomState s, RoomRequest.RoomIq req, MucItem query,
      Affiliation actorAff, Role actorRole) {
    List<XmlElement> out = new ArrayList<>();
    if (query.affiliation() != null) {
      Affiliation wanted = query.affiliation();
      boolean allowed = actorAff.atLeast(Affiliation.ADMIN)
          || wanted == Affiliation.MEMBER && s.config().memberListRoles().contains(actorRole);
      if (!allowed || wanted == Affiliation.NONE) {
        return Decision.error(req.stanza(), wanted == Affiliation.NONE
            ? StanzaErrorCondition.BAD_REQUEST : StanzaErrorCondition.FORBIDDEN);
      }
      for (Map.Entry<String, RoomState.Affiliated> e : s.affiliations().entrySet()) {
        if (e.getValue().affiliation() == wanted) {
          Occupant in = s.byBareJid(e.getKey()).stream().findFirst().orElse(null);
          MucItem item = new MucItem(wanted, null, e.getKey(), in == null ? null : in.nick(),
              e.getValue().reason(), null, null);
          out.add(item.toElement(Namespaces.MUC_ADMIN));
        }
      }
    } else if (query.role() != null) {
      if (actorRole != Role.MODERATOR || query.role() == Role.NONE) {
        return Decision.error(req.stanza(), query.role() == Role.NONE
            ? StanzaErrorCondition.BAD_REQUEST : StanzaErrorCondition.FORBIDDEN);
      }
      for (Occupant o : s.occupants().values()) {
        if (o.role() == query.role()) {
          out.add(new MucItem(ctx.affiliation(s, o.bareJid()), o.role(), o.primary().fullJid(), o.nick(),
              null, null, null).toElement(Namespaces.MUC_ADMIN));
        }
      }
    } else {
      return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST);
    }
    return Decision.result(req.stanza(),
        XmlElement.builder("query", Namespaces.MUC_ADMIN).children(out).build());
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  private Decision change(RoomContext ctx, RoomState s, RoomRequest.RoomIq req, List<MucItem> items,
      Occupant actor, Affiliation actorAff, Role actorRole) {
    RoomState work = s;
    Decision.Builder d = new Decision.Builder();
    for (MucItem item : items) {
      Step step;
      if (item.affiliation() != null) {
        step = affiliation(ctx, work, item, actor, actorAff);
      } else if (item.role() != null) {
        step = role(ctx, work, item, actor, actorAff, actorRole);
      } else {
        return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST);
      }
      if (step.refusal() != null) {
        return Decision.error(req.stanza(), step.refusal(), step.text());
      }
      for (RoomEvent e : step.events()) {
        d.event(e);
        work = work.apply(e);
      }
      d.outAll(step.out());
    }
    d.send(io.switchboard.protocol.stanza.Stanzas.iqResult(req.stanza()));
    if (!d.events().isEmpty()) {
      Occupancy.closeIfEmpty(s, work, d);
    }
    return d.build();
  }

  /** One item's effect, or why it is refused. */
  private record Step(List<RoomEvent> events, List<Outgoing> out, StanzaErrorCondition refusal, String text) {
    static Step refused(StanzaErrorCondition c, String text) {
      return new Step(List.of(), List.of(), c, text);
    }

    static Step done(List<RoomEvent> events, List<Outgoing> out) {
      return new Step(events, out, null, null);
    }
  }

  /** §8.2 kick (role none), §8.3/§8.4 voice, §9.6/§9.7 moderator. */
  private Step role(RoomContext ctx, RoomState s, MucItem item, Occupant actor, Affiliation actorAff, Role actorRole) {
    if (item.nick() == null) {
      return Step.refused(StanzaErrorCondition.BAD_REQUEST, "a role change names a nickname");
    }
    Occupant target = s.occupant(item.nick());
    if (target == null) {
      return Step.refused(StanzaErrorCondition.ITEM_NOT_FOUND, "no such occupant");
    }
    Affiliation targetAff = ctx.affiliation(s, target.bareJid());
    Role wanted = item.role();
    // §5.1.3 / §8.4 / §9.7: nobody takes a role from someone of a higher (or, for moderators, an
    // equal admin-or-owner) affiliation; an owner may act on admins.
    boolean protectedTarget = targetAff.atLeast(Affiliation.ADMIN)
        && !(actorAff == Affiliation.OWNER && targetAff == Affiliation.ADMIN);
    if (wanted != Role.MODERATOR && protectedTarget && !(actor != null && actor.nick().equals(target.nick()))) {
      return Step.refused(StanzaErrorCondition.NOT_ALLOWED, "an admin or owner keeps its role");
    }
    if (actorRole != Role.MODERATOR) {
      return Step.refused(StanzaErrorCondition.FORBIDDEN, "only moderators change roles");
    }
    if ((wanted == Role.MODERATOR || target.role() == Role.MODERATOR) && !actorAff.atLeast(Affiliation.ADMIN)) {
      return Step.refused(StanzaErrorCondition.FORBIDDEN, "only admins grant or revoke moderator");
    }
    MucItem why = item.withActor(actor == null ? null : actor.nick(), null);
    if (wanted == Role.NONE) {
      OccupantRemoved removed = new OccupantRemoved(target.nick());
      return Step.done(List.of(removed), Presences.removal(ctx, s, target, targetAff, why,
          List.of(MucStatus.KICKED), null, null));
    }
    if (wanted == target.role()) {
      return Step.done(List.of(), List.of());
    }
    RoleChanged changed = new RoleChanged(target.nick(), wanted);
    RoomState after = s.apply(changed);
    return Step.done(List.of(changed), withReason(Presences.availableToAll(ctx, after, after.occupant(target.nick()),
        List.of()), why));
  }

  /** §9.1 ban, §9.3/§9.4 members, §10.3/§10.4 owners, §10.6/§10.7 admins. */
  private Step affiliation(RoomContext ctx, RoomState s, MucItem item, Occupant actor, Affiliation actorAff) {
    String jid = item.jid();
    if (jid == null && item.nick() != null) {
      Occupant byNick = s.occupant(item.nick());
      jid = byNick == null ? null : byNick.bareJid();
    }
    Jid parsed = jid == null ? null : Jids.parse(jid).orElse(null);
    if (parsed == null) {
      return Step.refused(jid == null ? StanzaErrorCondition.BAD_REQUEST : StanzaErrorCondition.JID_MALFORMED,
          "an affiliation change names a JID");
    }
    String target = parsed.asBareJid().toString();
    Affiliation wanted = item.affiliation();
    Affiliation current = s.affiliation(target);
    if (ctx.settings().isAdmin(target) && wanted != Affiliation.OWNER) {
      return Step.refused(StanzaErrorCondition.NOT_ALLOWED, "a service administrator owns every room");
    }
    boolean ownerLevel = wanted.atLeast(Affiliation.ADMIN) || current.atLeast(Affiliation.ADMIN);
    if (ownerLevel ? actorAff != Affiliation.OWNER : !actorAff.atLeast(Affiliation.ADMIN)) {
      if (actorAff.atLeast(Affiliation.ADMIN) && current.atLeast(Affiliation.ADMIN)) {
        return Step.refused(StanzaErrorCondition.NOT_ALLOWED, "an admin cannot change an owner's or admin's affiliation");
      }
      return Step.refused(StanzaErrorCondition.FORBIDDEN, ownerLevel ? "only owners" : "only admins and owners");
    }
    if (current == Affiliation.OWNER && wanted != Affiliation.OWNER && s.owners().size() <= 1) {
      return Step.refused(StanzaErrorCondition.CONFLICT, "the room needs an owner");
    }
    if (wanted == current) {
      return Step.done(List.of(), List.of());
    }
    List<RoomEvent> events = new ArrayList<>();
    List<Outgoing> out = new ArrayList<>();
    AffiliationChanged changed = new AffiliationChanged(target, wanted, item.reason());
    events.add(changed);
    RoomState after = s.apply(changed);
    MucItem why = item.withActor(actor == null ? null : actor.nick(), null);
    for (Occupant o : s.byBareJid(target)) {
      if (wanted == Affiliation.OUTCAST) {
        events.add(new OccupantRemoved(o.nick()));
        out.addAll(Presences.removal(ctx, after, o, Affiliation.OUTCAST, why, List.of(MucStatus.BANNED), null, null));
      } else if (after.config().membersOnly() && !wanted.atLeast(Affiliation.MEMBER)) {
        events.add(new OccupantRemoved(o.nick()));
        out.addAll(Presences.removal(ctx, after, o, wanted, why, List.of(MucStatus.REMOVED_AFFILIATION), null, null));
      } else {
        Role role = Occupancy.defaultRole(after, wanted);
        if (role == Role.VISITOR && o.role() == Role.PARTICIPANT) {
          role = Role.PARTICIPANT; // losing membership does not take voice already given
        }
        RoomState next = after;
        if (role != o.role()) {
          RoleChanged rc = new RoleChanged(o.nick(), role);
          events.add(rc);
          next = after.apply(rc);
        }
        out.addAll(withReason(Presences.availableToAll(ctx, next, next.occupant(o.nick()), List.of()), why));
      }
    }
    return Step.done(events, out);
  }

  /** The item of each presence with the actor and reason of the change (§8.2, §9.1). */
  private static List<Outgoing> withReason(List<Outgoing> presences, MucItem why) {
    if (why.reason() == null && why.actorNick() == null) {
      return presences;
    }
    List<Outgoing> out = new ArrayList<>(presences.size());
    for (Outgoing o : presences) {
      if (o instanceof Outgoing.Fanout f) {
        out.add(new Outgoing.Fanout(addReason(f.template(), why), f.recipients()));
      } else {
        out.add(o);
      }
    }
    return out;
  }

  private static XmlElement addReason(XmlElement presence, MucItem why) {
    List<io.switchboard.protocol.xml.XmlNode> children = new ArrayList<>();
    for (XmlElement c : presence.elements()) {
      if (c.is("x", Namespaces.MUC_USER)) {
        List<io.switchboard.protocol.xml.XmlNode> xs = new ArrayList<>();
        for (XmlElement xc : c.elements()) {
          if (xc.is("item", Namespaces.MUC_USER)) {
            MucItem i = MucItem.parse(xc).withActor(why.actorNick(), null).withReason(why.reason());
            xs.add(i.toElement(Namespaces.MUC_USER));
          } else {
            xs.add(xc);
          }
        }
        children.add(c.withChildren(xs));
      } else {
        children.add(c);
      }
    }
    return presence.withChildren(children);
  }

  private static String bare(String full) {
    return Jids.parse(full).map(j -> j.asBareJid().toString()).orElse(full);
  }
}
