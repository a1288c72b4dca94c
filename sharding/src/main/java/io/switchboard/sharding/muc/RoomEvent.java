package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Instant;

/**
 * What a {@link MucRoom} journals: its existence and configuration, affiliations, the subject, and
 * its occupancy (who is in the room, with which nickname, role and presence). Occupancy is
 * journaled so that a room restarted on another node after a crash has the same occupants and
 * sends nobody a leave or a join (see the README's failure model). Past tense, no ActorRefs.
 */
public sealed interface RoomEvent extends CborSerializable {

  /** The room came into existence; {@code locked} until its owner configures it (§10.1). */
  record RoomCreated(String creator, RoomConfig config, String salt, Instant at, boolean locked)
      implements RoomEvent {}

  /** The owner submitted a configuration (this also unlocks a new room). */
  record RoomConfigured(RoomConfig config) implements RoomEvent {}

  /** The room is gone (§10.9); what is left is an empty state. */
  record RoomDestroyed(String reason, String alternate) implements RoomEvent {}

  /**
   * A session entered as {@code nick}: a new occupant, or one more session of the occupant that
   * already has the nickname (the same bare JID).
   *
   * @param node the cluster node that routed the join (where the session's entity was)
   */
  record OccupantJoined(String nick, String bareJid, String fullJid, Role role, String occupantId,
      XmlElement presence, String node) implements RoomEvent {}

  /** A session of {@code nick} sent new presence. */
  record PresenceUpdated(String nick, String fullJid, XmlElement presence) implements RoomEvent {}

  /** One session of {@code nick} left; the occupant goes with its last session. */
  record SessionLeft(String nick, String fullJid) implements RoomEvent {}

  /** The occupant (every session) was removed: kicked, banned, or by a configuration change. */
  record OccupantRemoved(String nick) implements RoomEvent {}

  record NickChanged(String oldNick, String newNick) implements RoomEvent {}

  record RoleChanged(String nick, Role role) implements RoomEvent {}

  /** {@code bareJid} now has {@code affiliation} (NONE removes it). */
  record AffiliationChanged(String bareJid, Affiliation affiliation, String reason) implements RoomEvent {}

  /** The subject, and the JID it comes from (an occupant JID, or the room's). */
  record SubjectChanged(String subject, String from) implements RoomEvent {}
}
