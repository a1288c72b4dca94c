package io.switchboard.sharding.roster;

import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Map;

/**
 * IQ results of roster removals that wait until the contact's entity has handled what the removal
 * sent it ({@code unsubscribe}, {@code unsubscribed}, {@code unavailable}; RFC 6121 §2.5.2). A
 * client that removes a contact and then talks to it again (a new subscription request) would
 * otherwise race those stanzas: the contact's entity journals the change before it delivers them,
 * while the remover's answer needs no second write. One process does this in order; two entities
 * need the contact's receipt.
 *
 * <p>Waiting results are keyed by negative sequence numbers, so they share the entity's one
 * {@link ConnectionMessage} adapter with offline copies (whose numbers are positive): Pekko keeps
 * one message adapter per message class. Not thread-safe; the entity owns it.
 */
final class RosterAnswers {
  /** The shared empty map while nothing waits ({@link EmptyUntilUsed}). */
  private Map<Long, XmlElement> waiting = Map.of();
  private long last;

  /** Whether {@code seq} is one of this class's numbers (negative), not an offline copy's. */
  static boolean owns(long seq) {
    return seq < 0;
  }

  /** Holds {@code result}; returns the receipt number its release waits for. */
  long hold(XmlElement result) {
    long seq = --last;
    waiting = EmptyUntilUsed.put(waiting, seq, result);
    return seq;
  }

  /** The result held under {@code seq}, now released; null when it was released already. */
  XmlElement release(long seq) {
    XmlElement result = waiting.get(seq);
    waiting = EmptyUntilUsed.remove(waiting, seq);
    return result;
  }

  /** Every held result, now released (the entity is stopping and cannot wait). */
  java.util.Collection<XmlElement> releaseAll() {
    java.util.Collection<XmlElement> all = java.util.List.copyOf(waiting.values());
    waiting = Map.of();
    return all;
  }
}
