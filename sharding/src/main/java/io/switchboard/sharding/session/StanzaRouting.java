package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;

/**
 * How a {@link UserSession} sends a stanza to anyone else: its {@code to} and {@code from} are
 * already final. The {@code Router} implements it; tests use a recording fake.
 */
@FunctionalInterface
public interface StanzaRouting {
  void route(XmlElement stanza);

  /**
   * Routes a message that carries a {@link Receipt}: an implementation that can hand it further
   * (to the recipient's entity) passes the receipt along; otherwise it is acknowledged once the
   * stanza is routed.
   */
  default void route(XmlElement stanza, Receipt receipt) {
    route(stanza);
    Receipt.ack(receipt);
  }
}
