package io.switchboard.sharding.muc;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.xml.XmlElement;
import org.jxmpp.jid.Jid;

/**
 * A stanza addressed to a room ({@code room@service}) or to one of its occupant JIDs
 * ({@code room@service/nick}), parsed once into what it asks of the room. {@code from} is the
 * sender's real JID, stamped by the server; {@code nick} is the resource of the address (null for
 * the room's bare JID).
 */
sealed interface RoomRequest {
  String from();

  XmlElement stanza();

  /** Presence to an occupant JID (enter, change presence or nickname, leave). */
  record Presence(String from, String nick, PresenceType type, XmlElement stanza) implements RoomRequest {}

  /** A groupchat message to the room: a message for everyone or a subject change. */
  record Groupchat(String from, XmlElement stanza) implements RoomRequest {}

  /** Any other message to the room: invitations, declines, voice requests (§7.8, §7.13). */
  record RoomMessage(String from, XmlElement stanza) implements RoomRequest {}

  /** A message to an occupant JID (§7.5 private message). */
  record PrivateMessage(String from, String nick, XmlElement stanza) implements RoomRequest {}

  /** An error stanza: something the room sent could not be delivered to {@code from}. */
  record Bounce(String from, String nick, XmlElement stanza) implements RoomRequest {}

  /**
   * An IQ get or set to the room itself ({@code muc#admin}, {@code muc#owner}, disco, ping...);
   * {@code payload} is null unless there is exactly one.
   */
  record RoomIq(String from, XmlElement stanza, XmlElement payload) implements RoomRequest {}

  /** An IQ to an occupant JID: a request (passed through, or a self-ping) or an answer. */
  record OccupantIq(String from, String nick, XmlElement stanza) implements RoomRequest {}

  /** Nothing the room acts on (presence to the bare JID, an IQ without payload...). */
  record Ignored(String from, XmlElement stanza) implements RoomRequest {}

  /**
   * Parses {@code stanza}, whose {@code to} is this room or an occupant JID of it and whose
   * {@code from} was stamped by the server.
   */
  static RoomRequest parse(XmlElement stanza) {
    String from = stanza.attr("from");
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    String nick = to != null && to.hasResource() ? to.getResourceOrThrow().toString() : null;
    if ("error".equals(stanza.attr("type"))) {
      return new Bounce(from, nick, stanza);
    }
    switch (stanza.name()) {
      case "presence" -> {
        PresenceType type = PresenceType.of(stanza).orElse(null);
        if (nick == null || type == null) {
          return new Ignored(from, stanza);
        }
        return new Presence(from, nick, type, stanza);
      }
      case "message" -> {
        if (nick != null) {
          return new PrivateMessage(from, nick, stanza);
        }
        return MessageType.of(stanza) == MessageType.GROUPCHAT
            ? new Groupchat(from, stanza)
            : new RoomMessage(from, stanza);
      }
      case "iq" -> {
        if (nick != null) {
          return new OccupantIq(from, nick, stanza);
        }
        String type = stanza.attr("type");
        if (!"get".equals(type) && !"set".equals(type)) {
          return new Ignored(from, stanza);
        }
        // RFC 6120 §8.2.3: exactly one payload; anything else is answered bad-request.
        return new RoomIq(from, stanza, stanza.elements().size() == 1 ? stanza.elements().get(0) : null);
      }
      default -> {
        return new Ignored(from, stanza);
      }
    }
  }
}
