package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import java.util.List;

/**
 * What a node decided: events to persist, the answer (null: none) and the work to run once they
 * are persisted.
 */
record Decision(List<Event> events, XmlElement reply, Runnable after) {

  static Decision answer(XmlElement reply) {
    return new Decision(List.of(), reply, () -> { });
  }

  static Decision nothing() {
    return new Decision(List.of(), null, () -> { });
  }

  /** An IQ result, with {@code payload} unless null. */
  static Decision ok(XmlElement iq, XmlElement payload) {
    return answer(payload == null ? Stanzas.iqResult(iq) : Stanzas.iqResult(iq, payload));
  }

  static Decision fail(XmlElement iq, PubSubError error) {
    return answer(error.answer(iq));
  }
}
