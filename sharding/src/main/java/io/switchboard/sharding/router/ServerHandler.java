package io.switchboard.sharding.router;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;

/**
 * Stanzas addressed to the server's own domain (or its domain/resource), implemented by the node:
 * disco, version, ping, registration and so on. Answers go back through {@code replies}.
 */
@FunctionalInterface
public interface ServerHandler {

  /**
   * Handles {@code stanza}, whose {@code from} is already stamped. Must not block: this runs on
   * whichever thread routed the stanza (often an entity's actor).
   */
  void handle(XmlElement stanza, StanzaRouting replies);

  /**
   * As {@link #handle(XmlElement, StanzaRouting)}, for a stanza a client sent with a
   * {@link Receipt}: a handler that can take the stanza further (a MUC room) acknowledges the
   * receipt itself once the stanza is safe, so the client's connection sends it again if it was
   * lost on the way (a node died). By default the stanza is handled and acknowledged at once.
   */
  default void handle(XmlElement stanza, StanzaRouting replies, Receipt receipt) {
    handle(stanza, replies);
    Receipt.ack(receipt);
  }
}
