package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a room decided about one request: events to journal, then what to send, in order.
 *
 * @param countRoomsOf when not null, the decision could not be taken yet: the entity must first
 *     count the rooms this bare JID created (max-rooms-per-user) and decide again
 */
record Decision(List<RoomEvent> events, List<Outgoing> out, String countRoomsOf) {

  Decision {
    events = List.copyOf(events);
    out = List.copyOf(out);
  }

  static Decision none() {
    return new Decision(List.of(), List.of(), null);
  }

  static Decision send(XmlElement stanza) {
    return new Decision(List.of(), List.of(new Outgoing.Send(stanza)), null);
  }

  static Decision of(List<RoomEvent> events, List<Outgoing> out) {
    return new Decision(events, out, null);
  }

  static Decision countRooms(String bareJid) {
    return new Decision(List.of(), List.of(), bareJid);
  }

  /** The error reply to {@code stanza}, or nothing where none may be sent (RFC 6120 §8.3.1). */
  static Decision error(XmlElement stanza, StanzaErrorCondition condition) {
    return error(stanza, StanzaError.of(condition));
  }

  static Decision error(XmlElement stanza, StanzaErrorCondition condition, String text) {
    return error(stanza, StanzaError.of(condition, text));
  }

  static Decision error(XmlElement stanza, StanzaError error) {
    if (stanza.attr("from") == null) {
      return none();
    }
    return Stanzas.errorReply(stanza, error).map(Decision::send).orElse(none());
  }

  /** An IQ result with {@code payload} (may be null). */
  static Decision result(XmlElement iq, XmlElement payload) {
    return send(Stanzas.iqResult(iq, payload));
  }

  /** Builds a decision step by step. */
  static final class Builder {
    private final List<RoomEvent> events = new ArrayList<>();
    private final List<Outgoing> out = new ArrayList<>();

    Builder event(RoomEvent e) {
      events.add(e);
      return this;
    }

    Builder send(XmlElement stanza) {
      out.add(new Outgoing.Send(stanza));
      return this;
    }

    Builder out(Outgoing o) {
      out.add(o);
      return this;
    }

    Builder outAll(List<? extends Outgoing> all) {
      out.addAll(all);
      return this;
    }

    List<RoomEvent> events() {
      return events;
    }

    Decision build() {
      return new Decision(events, out, null);
    }
  }
}
