package io.switchboard.sharding.module;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;

/**
 * A change the server makes to the user's own presence before it goes out, broadcast or directed
 * (XEP-0398 adds the avatar hash). Stages run in module order, on the entity's thread; each
 * returns the presence unchanged when it has nothing to add. Must be pure and cheap.
 */
public interface PresenceStage {

  /** {@code presence} (from the user's client, any type) as the server sends it on. */
  XmlElement outgoing(Account state, XmlElement presence);
}
