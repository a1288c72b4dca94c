package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.muc.StanzaId;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.sharding.muc.RoomEvent.SubjectChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Messages in a room (XEP-0045 §7.4 groupchat, §8.1 subject, §7.5 private messages) and the
 * errors that come back from occupants (a kick-worthy bounce removes the session with status
 * 333). Invitations and declines are {@link Invitations}'. Stateless.
 */
final class Messaging {
  /**
   * Error conditions that mean the occupant's session is not there any more (XEP-0045 leaves the
   * choice to the service; these are the ones other servers remove an occupant for): a bounce with
   * one of them removes the session with status 333.
   */
  private static final Set<StanzaErrorCondition> GONE = Set.of(
      StanzaErrorCondition.GONE, StanzaErrorCondition.ITEM_NOT_FOUND, StanzaErrorCondition.JID_MALFORMED,
      StanzaErrorCondition.RECIPIENT_UNAVAILABLE, StanzaErrorCondition.REDIRECT,
      StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, StanzaErrorCondition.REMOTE_SERVER_TIMEOUT,
      StanzaErrorCondition.SERVICE_UNAVAILABLE);

  private final Occupancy occupancy;

  Messaging(Occupancy occupancy) {
    this.occupancy = occupancy;
  }

  // ---------------------------------------------------------------------------------------------
  // §7.4 groupchat and §8.1 subject

  Decision onGroupchat(RoomContext ctx, RoomState s, RoomRequest.Groupchat req) {
    Occupant sender = s.bySession(req.from());
    XmlElement m = req.stanza();
    if (sender == null) {
      return Decision.error(m, StanzaErrorCondition.NOT_ACCEPTABLE, "only occupants may send messages to the room");
    }
    boolean hasBody = m.child("body", m.namespace()).isPresent();
    boolean subjectChange = m.child("subject", m.namespace()).isPresent() && !hasBody
        && m.child("thread", m.namespace()).isEmpty();
    if (subjectChange) {
      return subject(ctx, s, sender, m);
    }
    if (!sender.role().hasVoice()) {
      return Decision.error(m, StanzaErrorCondition.FORBIDDEN, "you have no voice in this room");
    }
    if (!ctx.rateAllows().test(sender.occupantId())) {
      return Decision.error(m, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT,
          "too many messages; wait a moment").withType(StanzaErrorType.WAIT));
    }
    XmlElement out = reflect(ctx, m, sender, s, Set.of(Namespaces.SID, Namespaces.OCCUPANT_ID));
    List<String> recipients = everyone(s);
    if (!hasBody) {
      // Chat states and markers: reflected, not archived, not history.
      return Decision.of(List.of(), List.of(new Outgoing.Fanout(out, recipients)));
    }
    String id = StanzaId.originId(m).orElse(m.attr("id"));
    String key = id == null ? null : sender.occupantId() + " " + id;
    return Decision.of(List.of(), List.of(new Outgoing.Broadcast(out, recipients, ctx.occupantJid(sender.nick()), key)));
  }

  private Decision subject(RoomContext ctx, RoomState s, Occupant sender, XmlElement m) {
    boolean allowed = sender.role() == Role.MODERATOR
        || s.config().occupantsChangeSubject() && sender.role().hasVoice();
    if (!allowed) {
      return Decision.error(m, StanzaErrorCondition.FORBIDDEN, "only moderators may change the subject");
    }
    String subject = m.childText("subject", m.namespace()).orElse("");
    if (subject.codePointCount(0, subject.length()) > ctx.settings().maxSubjectLength()) {
      return Decision.error(m, StanzaErrorCondition.POLICY_VIOLATION,
          "the subject is longer than " + ctx.settings().maxSubjectLength() + " characters");
    }
    String from = ctx.occupantJid(sender.nick());
    SubjectChanged changed = new SubjectChanged(subject, from);
    XmlElement out = reflect(ctx, m, sender, s, Set.of(Namespaces.SID, Namespaces.OCCUPANT_ID));
    return Decision.of(List.of(changed), List.of(new Outgoing.Fanout(out, everyone(s))));
  }

  /**
   * The message as the room sends it: from the sender's occupant JID, type groupchat kept, id
   * kept (XEP-0045 §7.4: clients recognise their reflection by it), elements of {@code strip}'s
   * namespaces removed (nobody may forge the room's stanza or occupant ids), occupant id added.
   */
  private static XmlElement reflect(RoomContext ctx, XmlElement m, Occupant sender, RoomState s, Set<String> strip) {
    List<XmlNode> children = new ArrayList<>();
    for (XmlElement c : m.elements()) {
      if (!strip.contains(c.namespace())) {
        children.add(c);
      }
    }
    children.add(new OccupantId(sender.occupantId()).toElement());
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", ctx.occupantJid(sender.nick()))
        .attr("type", m.attr("type"))
        .attr("id", m.attr("id"))
        .attr("xml:lang", m.attr("xml:lang"))
        .children(children).build();
  }

  /** Every session of every occupant. */
  static List<String> everyone(RoomState s) {
    List<String> out = new ArrayList<>(s.sessions().size());
    out.addAll(s.sessions().keySet());
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // §7.5 private messages

  Decision onPrivate(RoomContext ctx, RoomState s, RoomRequest.PrivateMessage req) {
    XmlElement m = req.stanza();
    if (MessageType.of(m) == MessageType.GROUPCHAT) {
      return Decision.error(m, StanzaErrorCondition.BAD_REQUEST, "groupchat messages go to the room");
    }
    Occupant sender = s.bySession(req.from());
    if (sender == null) {
      return Decision.error(m, StanzaErrorCondition.NOT_ACCEPTABLE, "only occupants may send private messages");
    }
    if (!s.config().allowPm().allows(sender.role())) {
      return Decision.error(m, StanzaErrorCondition.FORBIDDEN, "private messages are not allowed here");
    }
    Occupant target = s.occupant(req.nick());
    if (target == null) {
      return Decision.error(m, StanzaErrorCondition.ITEM_NOT_FOUND, "no such occupant");
    }
    List<XmlNode> children = new ArrayList<>();
    for (XmlElement c : m.elements()) {
      if (!c.namespace().equals(Namespaces.OCCUPANT_ID) && !c.is("x", Namespaces.MUC_USER)) {
        children.add(c);
      }
    }
    children.add(XmlElement.of("x", Namespaces.MUC_USER));
    children.add(new OccupantId(sender.occupantId()).toElement());
    XmlElement out = XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", ctx.occupantJid(sender.nick())).attr("type", m.attr("type")).attr("id", m.attr("id"))
        .attr("xml:lang", m.attr("xml:lang")).children(children).build();
    return Decision.of(List.of(), List.of(new Outgoing.Fanout(out, target.fullJids())));
  }

  // ---------------------------------------------------------------------------------------------
  // Errors that come back

  /** An error stanza from someone: a session that bounces what the room sends leaves (333). */
  Decision onBounce(RoomContext ctx, RoomState s, RoomRequest.Bounce req) {
    if (req.stanza().name().equals("iq") || s.bySession(req.from()) == null) {
      return Decision.none();
    }
    StanzaErrorCondition condition = StanzaError.fromStanza(req.stanza())
        .map(StanzaError::condition).orElse(StanzaErrorCondition.UNDEFINED_CONDITION);
    return GONE.contains(condition) ? occupancy.unreachable(ctx, s, req.from()) : Decision.none();
  }
}
