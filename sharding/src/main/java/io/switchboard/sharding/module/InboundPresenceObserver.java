package io.switchboard.sharding.module;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.SessionContext;
import org.jxmpp.jid.Jid;

/**
 * Sees presence from others (not subscription stanzas, not probes) after the account's entity
 * delivered it to its resources: {@code resource} is the addressed resource, or null when it went
 * to every available resource. Runs on the entity's thread; must be cheap and must not block. A
 * module keeps what it learns in {@link SessionContext#memory}.
 */
public interface InboundPresenceObserver {

  void observe(SessionContext ctx, Account state, XmlElement presence, Jid from, String resource);
}
