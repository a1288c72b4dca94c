package io.switchboard.sharding.router;

import io.switchboard.protocol.xml.XmlElement;
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
}
