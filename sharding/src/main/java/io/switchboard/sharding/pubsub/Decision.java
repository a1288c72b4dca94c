package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import java.util.List;

/**
 * What a node decided: events to persist, the answer (null: none) and the work to run once they
 * are persisted. {@code store} lists items whose payloads go to the {@link ItemStore} before the
 * events are persisted (issue #23 F9); if that write fails nothing is persisted and
 * {@code storeFailed} (null: nothing) is the answer instead.
 */
record Decision(List<Event> events, XmlElement reply, Runnable after, List<Item> store,
    XmlElement storeFailed) {

  Decision(List<Event> events, XmlElement reply, Runnable after) {
    this(events, reply, after, List.of(), null);
  }

  /** This decision with its payloads written: what remains is to persist and answer. */
  Decision stored() {
    return new Decision(events, reply, after);
  }

  /** This decision, persisted only once the payloads of {@code items} are stored. */
  Decision storingFirst(List<Item> items, XmlElement failed) {
    return new Decision(events, reply, after, List.copyOf(items), failed);
  }

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
