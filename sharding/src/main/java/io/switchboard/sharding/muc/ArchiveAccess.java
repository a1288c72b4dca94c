package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.muc.Affiliation;
import java.util.List;

/**
 * Who may query a room's XEP-0313 archive. The XEP leaves it to the room; the rule here is the
 * right to enter it: an occupant may, and so may anyone who could enter without a password (not
 * an outcast; a member or more of a members-only room; an owner of a password-protected room,
 * since owners enter without one). Anyone else gets {@code forbidden}. An allowed query becomes an
 * {@link Outgoing.ArchiveQuery} that finds only messages since the room was created. Pure.
 */
final class ArchiveAccess {

  Decision onQuery(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    if (s.bySession(req.from()) == null) {
      Affiliation aff = ctx.affiliation(s, RoomLogic.bare(req.from()));
      if (aff == Affiliation.OUTCAST) {
        return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN, "banned from this room");
      }
      if (s.config().membersOnly() && !aff.atLeast(Affiliation.MEMBER)) {
        return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN, "members only");
      }
      if (s.config().needsPassword() && aff != Affiliation.OWNER) {
        return Decision.error(req.stanza(), StanzaErrorCondition.FORBIDDEN,
            "only occupants may read the archive of a password-protected room");
      }
    }
    return Decision.of(List.of(), List.of(new Outgoing.ArchiveQuery(req.stanza(), s.createdAt())));
  }
}
