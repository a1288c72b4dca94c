package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.protocol.xml.XmlElement;

/**
 * The per-event-loop part of a {@link Scenario}. The run calls, in this order: {@link #onOnline}
 * and {@link #onStanza} as sessions log in during the ramp, {@link #startTraffic()} when the
 * measured phase begins, {@link #stopTraffic()} when it ends (stanzas still arriving are handled
 * during the drain), then the sessions are closed.
 */
public interface ScenarioLoop {

  /** A session of this loop came online (its initial presence is sent). */
  default void onOnline(ClientSession session) {}

  /** A stanza for an online session of this loop (IQ get/set are already answered). */
  void onStanza(ClientSession session, XmlElement stanza);

  /** Begin sending (timers on the loop). */
  default void startTraffic() {}

  /** Stop sending; must cancel every timer started by {@link #startTraffic()}. */
  default void stopTraffic() {}
}
