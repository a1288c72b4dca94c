package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.Affiliation;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a decision needs besides the state: who the room is, the service's settings, the time,
 * the node the request came through, and two answers only the entity has.
 *
 * @param room the room's bare JID
 * @param domain the server's domain (local users may create rooms under local-users)
 * @param origin the cluster node that routed the request (where the sender's entity is)
 * @param rateAllows whether the occupant with this nickname key may send one more message now
 * @param roomsCreated how many rooms the requester created, once counted (null: not yet)
 * @param archiveFeatures the XEP-0313 features of the room's archive (empty: it answers no queries)
 */
record RoomContext(String room, String domain, MucSettings settings, Instant now, String origin,
    Predicate<String> rateAllows, Integer roomsCreated, List<String> archiveFeatures) {

  RoomContext withRoomsCreated(int count) {
    return new RoomContext(room, domain, settings, now, origin, rateAllows, count, archiveFeatures);
  }

  /** The occupant JID of {@code nick} in this room. */
  String occupantJid(String nick) {
    return room + "/" + nick;
  }

  /** {@code state}'s affiliation of {@code bareJid}; the service's administrators own every room. */
  Affiliation affiliation(RoomState state, String bareJid) {
    return settings.isAdmin(bareJid) ? Affiliation.OWNER : state.affiliation(bareJid);
  }
}
