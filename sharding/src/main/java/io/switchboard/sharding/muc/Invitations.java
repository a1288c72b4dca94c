package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomEvent.AffiliationChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.Jid;

/**
 * Messages to the room's bare JID that are not groupchat: mediated invitations and declines
 * (XEP-0045 §7.8.2, §7.8.3) and voice requests (§7.13, the {@code muc#request} form, passed to the
 * moderators). XEP-0249 direct invitations go from client to client and never reach the room.
 * Stateless.
 */
final class Invitations {

  Decision onRoomMessage(RoomContext ctx, RoomState s, RoomRequest.RoomMessage req) {
    XmlElement m = req.stanza();
    Optional<MucUser> user = m.child(MucUser.ELEMENT, MucUser.NAMESPACE).flatMap(MucUser::parse);
    if (user.isPresent() && !user.get().invites().isEmpty()) {
      return invite(ctx, s, req, user.get());
    }
    if (user.isPresent() && !user.get().declines().isEmpty()) {
      return decline(ctx, req, user.get().declines().get(0));
    }
    Optional<TypedForm> form = m.child(TypedForm.ELEMENT, TypedForm.NAMESPACE).flatMap(TypedForm::parse);
    if (form.isPresent() && Namespaces.MUC_REQUEST.equals(form.get().formType())) {
      return form.get().type() == TypedForm.Type.SUBMIT && form.get().field("muc#request_allow").isPresent()
          ? voiceApproval(ctx, s, req, form.get())
          : voiceRequest(ctx, s, req);
    }
    // A message of another type to the room's bare JID has no meaning (§7.4 wants groupchat).
    return m.child("body", m.namespace()).isPresent()
        ? Decision.error(m, StanzaErrorCondition.BAD_REQUEST, "messages to a room are of type groupchat")
        : Decision.none();
  }

  /** §7.8.2: the room passes the invitation on, from its own JID; members-only rooms add a member. */
  private Decision invite(RoomContext ctx, RoomState s, RoomRequest.RoomMessage req, MucUser user) {
    XmlElement m = req.stanza();
    Occupant inviter = s.bySession(req.from());
    if (inviter == null) {
      return Decision.error(m, StanzaErrorCondition.NOT_ACCEPTABLE, "only occupants may invite");
    }
    Affiliation aff = ctx.affiliation(s, inviter.bareJid());
    boolean mayAddMembers = aff.atLeast(Affiliation.ADMIN) || s.config().allowInvites();
    if (s.config().membersOnly() && !mayAddMembers) {
      return Decision.error(m, StanzaErrorCondition.FORBIDDEN, "only admins invite to this members-only room");
    }
    Decision.Builder d = new Decision.Builder();
    RoomState work = s;
    for (MucUser.Invite invite : user.invites()) {
      Jid to = invite.to() == null ? null : Jids.parse(invite.to()).orElse(null);
      if (to == null) {
        return Decision.error(m, StanzaErrorCondition.JID_MALFORMED, "an invitation names its invitee");
      }
      String invitee = to.asBareJid().toString();
      if (work.affiliation(invitee) == Affiliation.OUTCAST) {
        return Decision.error(m, StanzaErrorCondition.FORBIDDEN, invitee + " is banned from the room");
      }
      if (work.config().membersOnly() && !work.affiliation(invitee).atLeast(Affiliation.MEMBER)) {
        AffiliationChanged member = new AffiliationChanged(invitee, Affiliation.MEMBER, null);
        d.event(member);
        work = work.apply(member);
      }
      // The inviter's real JID, unless the room hides it from the invitee (§7.8.2: anonymous
      // rooms MAY show the occupant JID instead).
      String from = s.config().nonAnonymous() ? req.from() : ctx.occupantJid(inviter.nick());
      MucUser passed = new MucUser(List.of(), List.of(),
          List.of(new MucUser.Invite(null, from, invite.reason(), invite.thread())), List.of(), null,
          s.config().needsPassword() ? s.config().password() : null);
      List<XmlElement> children = new ArrayList<>();
      children.add(passed.toElement());
      children.add(XmlElement.builder("body", Namespaces.JABBER_CLIENT)
          .text(from + " invites you to the room " + ctx.room()
              + (invite.reason() == null ? "" : ": " + invite.reason())).build());
      d.send(XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ctx.room())
          .attr("to", to.toString()).attr("id", m.attr("id")).children(children).build());
    }
    return d.build();
  }

  /** §7.8.3: a decline goes to the inviter named in it, from the room. */
  private Decision decline(RoomContext ctx, RoomRequest.RoomMessage req, MucUser.Decline decline) {
    Jid to = decline.to() == null ? null : Jids.parse(decline.to()).orElse(null);
    if (to == null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.JID_MALFORMED, "a decline names the inviter");
    }
    String from = Jids.parse(req.from()).map(j -> j.asBareJid().toString()).orElse(req.from());
    MucUser passed = new MucUser(List.of(), List.of(), List.of(),
        List.of(new MucUser.Decline(null, from, decline.reason())), null, null);
    return Decision.send(XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ctx.room())
        .attr("to", to.toString()).attr("id", req.stanza().attr("id")).child(passed.toElement()).build());
  }

  /** §8.6: a moderator answers a voice request; approved, the occupant becomes a participant. */
  private Decision voiceApproval(RoomContext ctx, RoomState s, RoomRequest.RoomMessage req, TypedForm form) {
    Occupant moderator = s.bySession(req.from());
    if (moderator == null || moderator.role() != Role.MODERATOR) {
      return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN, "only moderators grant voice");
    }
    if (!form.field("muc#request_allow").map(TypedForm.Field::booleanValue).orElse(false)) {
      return Decision.none();
    }
    Occupant target = s.occupant(form.field("muc#roomnick").map(TypedForm.Field::value).orElse(null));
    if (target == null || target.role() != Role.VISITOR) {
      return Decision.none();
    }
    RoomEvent.RoleChanged voiced = new RoomEvent.RoleChanged(target.nick(), Role.PARTICIPANT);
    RoomState after = s.apply(voiced);
    return Decision.of(List.of(voiced), Presences.availableToAll(ctx, after, after.occupant(target.nick()), List.of()));
  }

  /** §7.13: a visitor asks for voice; the form goes to every moderator. */
  private Decision voiceRequest(RoomContext ctx, RoomState s, RoomRequest.RoomMessage req) {
    Occupant requester = s.bySession(req.from());
    if (requester == null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.NOT_ACCEPTABLE, "only occupants may ask for voice");
    }
    List<String> moderators = new ArrayList<>();
    for (Occupant o : s.occupants().values()) {
      if (o.role() == Role.MODERATOR) {
        moderators.addAll(o.fullJids());
      }
    }
    if (moderators.isEmpty()) {
      return Decision.none();
    }
    List<TypedForm.Field> fields = List.of(
        TypedForm.Field.of("muc#role", TypedForm.FieldType.LIST_SINGLE, "Requested role", List.of("participant")),
        TypedForm.Field.of("muc#jid", TypedForm.FieldType.JID_SINGLE, "User ID", List.of(req.from())),
        TypedForm.Field.of("muc#roomnick", TypedForm.FieldType.TEXT_SINGLE, "Room Nickname", List.of(requester.nick())),
        TypedForm.Field.of("muc#request_allow", TypedForm.FieldType.BOOLEAN, "Grant voice to this person?", List.of("0")));
    XmlElement form = TypedForm.of(TypedForm.Type.FORM, Namespaces.MUC_REQUEST, "Voice request", fields).toElement();
    XmlElement template = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ctx.room())
        .attr("id", req.stanza().attr("id")).child(form).build();
    return Decision.of(List.of(), List.of(new Outgoing.Fanout(template, moderators)));
  }
}
