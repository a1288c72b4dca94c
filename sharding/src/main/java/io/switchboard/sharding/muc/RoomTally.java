package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomCounts.Refused;

/**
 * Counts a room's decisions into its {@link RoomCounts}: the joins are the decision's
 * {@code OccupantJoined} events, an accepted message its {@code Broadcast}, and a refused join or
 * groupchat message a decision that only answers the request with an error. Pure reading of the
 * request, the state before it and the decision.
 */
final class RoomTally {
  private RoomTally() {}

  static void count(RoomCounts counts, RoomState before, RoomRequest req, Decision d) {
    for (RoomEvent e : d.events()) {
      if (e instanceof RoomEvent.OccupantJoined) {
        counts.joined();
      }
    }
    for (Outgoing o : d.out()) {
      if (o instanceof Outgoing.Broadcast && req instanceof RoomRequest.Groupchat) {
        counts.message();
      }
    }
    Refused what = req instanceof RoomRequest.Groupchat ? Refused.MESSAGE
        : isJoin(before, req) ? Refused.JOIN : null;
    if (what != null && d.events().isEmpty() && d.out().size() == 1
        && d.out().get(0) instanceof Outgoing.Send send && isErrorTo(send.stanza(), req)) {
      StanzaError.fromStanza(send.stanza()).ifPresent(e -> counts.refused(what, e.condition().elementName()));
    }
  }

  /** Presence from a session not in the room: an attempt to enter it (or to create it). */
  static boolean isJoin(RoomState before, RoomRequest req) {
    return req instanceof RoomRequest.Presence p && p.type() == PresenceType.AVAILABLE
        && !before.sessions().containsKey(p.from());
  }

  /**
   * What a refusal by the admission check refused (it sees no state: a presence with the MUC
   * {@code <x/>} is a join).
   */
  static Refused kind(XmlElement stanza) {
    RoomRequest req = RoomRequest.parse(stanza);
    return req instanceof RoomRequest.Groupchat ? Refused.MESSAGE
        : req instanceof RoomRequest.Presence p && p.type() == PresenceType.AVAILABLE
            && MucJoin.in(stanza).isPresent() ? Refused.JOIN : Refused.OTHER;
  }

  private static boolean isErrorTo(XmlElement sent, RoomRequest req) {
    return "error".equals(sent.attr("type")) && req.from() != null && req.from().equals(sent.attr("to"));
  }
}
