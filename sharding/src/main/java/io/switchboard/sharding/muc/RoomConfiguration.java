package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucItem;
import io.switchboard.protocol.muc.MucStatus;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomEvent.OccupantRemoved;
import io.switchboard.sharding.muc.RoomEvent.RoomConfigured;
import io.switchboard.sharding.muc.RoomEvent.RoomDestroyed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The owner's {@code muc#owner} requests (XEP-0045 §10): the configuration form, its submission
 * (which also unlocks a new room, instant or reserved, §10.1), cancelling the initial
 * configuration, and destroying the room (§10.9). Stateless.
 */
final class RoomConfiguration {

  Decision onOwner(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    String bare = Jids.parse(req.from()).map(j -> j.asBareJid().toString()).orElse("");
    if (ctx.affiliation(s, bare) != Affiliation.OWNER) {
      return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN, "only owners configure the room");
    }
    XmlElement query = req.payload();
    if ("get".equals(req.stanza().attr("type"))) {
      return Decision.result(req.stanza(), XmlElement.builder("query", Namespaces.MUC_OWNER)
          .child(ConfigForm.toForm(s.config(), ctx.settings()).toElement()).build());
    }
    Optional<XmlElement> destroy = query.child("destroy", Namespaces.MUC_OWNER);
    if (destroy.isPresent()) {
      return destroy(ctx, s, MucUser.Destroy.parse(destroy.get()), req.stanza());
    }
    Optional<TypedForm> form = query.child(TypedForm.ELEMENT, TypedForm.NAMESPACE).flatMap(TypedForm::parse);
    if (form.isEmpty()) {
      return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST, "expected a form or destroy");
    }
    return switch (form.get().type()) {
      case SUBMIT -> configure(ctx, s, form.get(), req.stanza());
      // §10.1.3: cancelling the initial configuration destroys the new room.
      case CANCEL -> s.locked()
          ? destroy(ctx, s, new MucUser.Destroy(null, null, null), req.stanza())
          : Decision.result(req.stanza(), null);
      default -> Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST, "submit or cancel the form");
    };
  }

  private Decision configure(RoomContext ctx, RoomState s, TypedForm form, XmlElement iq) {
    ConfigForm.Outcome outcome = ConfigForm.apply(s.config(), form, ctx.settings());
    if (outcome instanceof ConfigForm.Outcome.Refused r) {
      return Decision.error(iq, StanzaErrorCondition.NOT_ACCEPTABLE, r.reason());
    }
    RoomConfig before = s.config();
    RoomConfig after = ((ConfigForm.Outcome.Accepted) outcome).config();
    RoomConfigured configured = new RoomConfigured(after);
    RoomState next = s.apply(configured);
    Decision.Builder d = new Decision.Builder().event(configured);
    if (after.membersOnly() && !before.membersOnly()) {
      // §9.3: occupants who are not members leave, status 322.
      for (Occupant o : s.occupants().values()) {
        Affiliation aff = ctx.affiliation(next, o.bareJid());
        if (!aff.atLeast(Affiliation.MEMBER)) {
          d.event(new OccupantRemoved(o.nick()));
          d.outAll(Presences.removal(ctx, next, o, aff, null, List.of(MucStatus.REMOVED_MEMBERS_ONLY), null, null));
          next = next.apply(new OccupantRemoved(o.nick()));
        }
      }
    }
    d.send(Stanzas.iqResult(iq));
    if (!s.locked()) {
      List<Integer> statuses = changeStatuses(before, after);
      if (!statuses.isEmpty() && !next.occupants().isEmpty()) {
        XmlElement notice = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ctx.room())
            .attr("type", "groupchat").child(MucUser.statuses(statuses).toElement()).build();
        d.out(new Outgoing.Fanout(notice, Messaging.everyone(next)));
      }
    }
    Occupancy.closeIfEmpty(s, next, d);
    return d.build();
  }

  /** §10.2.1: what a change means to occupants (104 always, 170-173 for logging and anonymity). */
  static List<Integer> changeStatuses(RoomConfig before, RoomConfig after) {
    List<Integer> statuses = new ArrayList<>();
    if (before.equals(after)) {
      return statuses;
    }
    statuses.add(MucStatus.CONFIG_CHANGED);
    if (before.publicLogging() != after.publicLogging()) {
      statuses.add(after.publicLogging() ? MucStatus.LOGGING_ENABLED : MucStatus.LOGGING_DISABLED);
    }
    if (before.whois() != after.whois()) {
      statuses.add(after.nonAnonymous() ? MucStatus.NOW_NON_ANONYMOUS : MucStatus.NOW_SEMI_ANONYMOUS);
    }
    return statuses;
  }

  /**
   * §10.9: every occupant is told the room is gone (unavailable, affiliation and role none, the
   * destroy element with the alternate venue and reason), then the room is destroyed. {@code iq}
   * is answered when not null (an operator's destroy has none).
   */
  Decision destroy(RoomContext ctx, RoomState s, MucUser.Destroy why, XmlElement iq) {
    Decision.Builder d = new Decision.Builder();
    for (Occupant o : s.occupants().values()) {
      MucItem item = MucItem.of(Affiliation.NONE, Role.NONE);
      XmlElement gone = Presences.unavailable(ctx, o, o.nick(), null,
          new MucUser(List.of(item), List.of(), List.of(), List.of(), why, null));
      d.out(new Outgoing.Fanout(gone, o.fullJids()));
    }
    d.event(new RoomDestroyed(why.reason(), why.jid()));
    if (iq != null) {
      d.send(Stanzas.iqResult(iq));
    }
    return d.build();
  }
}
