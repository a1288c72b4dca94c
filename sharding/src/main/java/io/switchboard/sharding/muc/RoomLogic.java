package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.xml.XmlElement;

/**
 * The pure decision step of a room: a request and the state in, a {@link Decision} out (events to
 * journal, stanzas to send). It dispatches to the part each request belongs to: {@link Occupancy}
 * (presence), {@link Messaging} (groupchat, subject, private messages, bounces),
 * {@link Invitations}, {@link Moderation} ({@code muc#admin}), {@link RoomConfiguration}
 * ({@code muc#owner}), {@link RoomDisco} and {@link ArchiveAccess} (XEP-0313 queries). Nothing here touches the actor, the network or
 * storage; the entity does, with what the decision says.
 */
final class RoomLogic {
  private final Occupancy occupancy = new Occupancy();
  private final Messaging messaging = new Messaging(occupancy);
  private final Invitations invitations = new Invitations();
  private final Moderation moderation = new Moderation();
  private final RoomConfiguration configuration = new RoomConfiguration();
  private final RoomDisco disco = new RoomDisco();
  private final ArchiveAccess archive = new ArchiveAccess();

  Decision decide(RoomContext ctx, RoomState s, RoomRequest req) {
    if (req instanceof RoomRequest.Presence p) {
      return occupancy.onPresence(ctx, s, p);
    }
    if (req instanceof RoomRequest.Bounce b) {
      return s.exists() ? messaging.onBounce(ctx, s, b) : Decision.none();
    }
    if (req instanceof RoomRequest.Ignored) {
      return Decision.none();
    }
    if (!visible(ctx, s, req.from())) {
      return Decision.error(req.stanza(), StanzaErrorCondition.ITEM_NOT_FOUND, "no such room");
    }
    if (req instanceof RoomRequest.Groupchat g) {
      return messaging.onGroupchat(ctx, s, g);
    }
    if (req instanceof RoomRequest.PrivateMessage pm) {
      return messaging.onPrivate(ctx, s, pm);
    }
    if (req instanceof RoomRequest.RoomMessage m) {
      return invitations.onRoomMessage(ctx, s, m);
    }
    if (req instanceof RoomRequest.RoomIq iq) {
      return roomIq(ctx, s, iq);
    }
    if (req instanceof RoomRequest.OccupantIq iq) {
      return occupantIq(ctx, s, iq);
    }
    return Decision.none();
  }

  /** The room exists, and is not a locked room to anyone but its owners (§7.2.10). */
  private static boolean visible(RoomContext ctx, RoomState s, String from) {
    if (!s.exists()) {
      return false;
    }
    return !s.locked() || ctx.affiliation(s, bare(from)) == Affiliation.OWNER;
  }

  private Decision roomIq(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    XmlElement p = req.payload();
    if (p == null) {
      return Decision.error(req.stanza(), StanzaErrorCondition.BAD_REQUEST);
    }
    String type = req.stanza().attr("type");
    if (p.is("query", Namespaces.MUC_ADMIN)) {
      return moderation.onAdmin(ctx, s, req);
    }
    if (p.is("query", Namespaces.MUC_OWNER)) {
      return configuration.onOwner(ctx, s, req);
    }
    if (p.is("query", Namespaces.DISCO_INFO) && "get".equals(type)) {
      return disco.onInfo(ctx, s, req);
    }
    if (p.is("query", Namespaces.DISCO_ITEMS) && "get".equals(type)) {
      return disco.onItems(ctx, s, req);
    }
    if (p.is("ping", Namespaces.PING) && "get".equals(type)) {
      return Decision.result(req.stanza(), null);
    }
    if (p.namespace().equals(Namespaces.MAM) && !ctx.archiveFeatures().isEmpty()) {
      return archive.onQuery(ctx, s, req);
    }
    return Decision.error(req.stanza(), StanzaErrorCondition.SERVICE_UNAVAILABLE);
  }

  /**
   * An IQ request to an occupant JID: a non-occupant gets bad-request for disco (§6.6) and
   * not-acceptable otherwise (XEP-0410: "not joined"); a self-ping is answered by the room itself
   * (XEP-0410 §3.3); vCard requests go to the occupant's bare JID; anything else is passed through
   * to the occupant's client (§7.5).
   */
  private Decision occupantIq(RoomContext ctx, RoomState s, RoomRequest.OccupantIq req) {
    XmlElement iq = req.stanza();
    String type = iq.attr("type");
    if (!"get".equals(type) && !"set".equals(type)) {
      return Decision.none(); // answers are mapped back by the entity
    }
    XmlElement payload = iq.elements().size() == 1 ? iq.elements().get(0) : null;
    if (payload == null) {
      return Decision.error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    Occupant sender = s.bySession(req.from());
    if (sender == null) {
      boolean disco = payload.namespace().equals(Namespaces.DISCO_INFO)
          || payload.namespace().equals(Namespaces.DISCO_ITEMS);
      return Decision.error(iq, disco ? StanzaErrorCondition.BAD_REQUEST : StanzaErrorCondition.NOT_ACCEPTABLE,
          "only occupants may address occupants");
    }
    Occupant target = s.occupant(req.nick());
    if (target == null) {
      return Decision.error(iq, StanzaErrorCondition.ITEM_NOT_FOUND, "no such occupant");
    }
    if (target == sender && payload.is("ping", Namespaces.PING)) {
      return Decision.result(iq, null);
    }
    String as = ctx.occupantJid(sender.nick());
    if (payload.is("vCard", Namespaces.VCARD_TEMP) && "get".equals(type)) {
      return Decision.of(java.util.List.of(), java.util.List.of(new Outgoing.ForwardIq(iq, target.bareJid(), as)));
    }
    return Decision.of(java.util.List.of(),
        java.util.List.of(new Outgoing.ForwardIq(iq, target.primary().fullJid(), as)));
  }

  /** The operator's destroy (CLI/API): as an owner's §10.9 destroy, without an IQ to answer. */
  Decision destroyByOperator(RoomContext ctx, RoomState s, String reason, String alternate) {
    if (!s.exists()) {
      return Decision.none();
    }
    return configuration.destroy(ctx, s, new MucUser.Destroy(alternate, null, reason), null);
  }

  /** A session its entity says is gone (or the verification could not find): it leaves, 333. */
  Decision sessionGone(RoomContext ctx, RoomState s, String fullJid) {
    return occupancy.unreachable(ctx, s, fullJid);
  }

  /** The bare JID of {@code full} ("" when it is not a JID). */
  static String bare(String full) {
    return full == null ? "" : Jids.parse(full).map(j -> j.asBareJid().toString()).orElse("");
  }
}
