package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One occupant of a room: a nickname held by one bare JID, with one or more sessions (XEP-0045
 * lets a user join with the same nickname from several resources). The last session in the list
 * is the one whose presence the others see.
 *
 * @param occupantId the XEP-0421 id of the bare JID in this room
 */
public record Occupant(String nick, String bareJid, Role role, String occupantId, List<Session> sessions)
    implements CborSerializable {

  /**
   * One joined resource.
   *
   * @param presence its last available presence as the client sent it (children only: show,
   *     status, priority, caps...), without addresses or MUC elements
   * @param node the cluster node that routed its join (where its entity lived then)
   */
  public record Session(String fullJid, XmlElement presence, String node) implements CborSerializable {}

  public Occupant {
    sessions = List.copyOf(sessions);
  }

  /** The session whose presence the room shows. */
  public Session primary() {
    return sessions.get(sessions.size() - 1);
  }

  public Session session(String fullJid) {
    for (Session s : sessions) {
      if (s.fullJid().equals(fullJid)) {
        return s;
      }
    }
    return null;
  }

  /** With {@code session} added, or replacing the one of the same full JID, as the primary. */
  public Occupant withSession(Session session) {
    List<Session> next = new ArrayList<>(sessions.size() + 1);
    for (Session s : sessions) {
      if (!s.fullJid().equals(session.fullJid())) {
        next.add(s);
      }
    }
    next.add(session);
    return new Occupant(nick, bareJid, role, occupantId, next);
  }

  /** Without the session of {@code fullJid} (possibly none left). */
  public Occupant withoutSession(String fullJid) {
    List<Session> next = new ArrayList<>(sessions);
    next.removeIf(s -> s.fullJid().equals(fullJid));
    return new Occupant(nick, bareJid, role, occupantId, next);
  }

  public Occupant withRole(Role newRole) {
    return new Occupant(nick, bareJid, newRole, occupantId, sessions);
  }

  public Occupant withNick(String newNick) {
    return new Occupant(newNick, bareJid, role, occupantId, sessions);
  }

  /** The full JIDs of every session. */
  public List<String> fullJids() {
    List<String> out = new ArrayList<>(sessions.size());
    for (Session s : sessions) {
      out.add(s.fullJid());
    }
    return out;
  }
}
