package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;

/**
 * How a {@link UserSession} sends a stanza to anyone else: its {@code to} and {@code from} are
 * already final. The {@code Router} implements it; tests use a recording fake.
 */
@FunctionalInterface
public interface StanzaRouting {
  void route(XmlElement stanza);
}
