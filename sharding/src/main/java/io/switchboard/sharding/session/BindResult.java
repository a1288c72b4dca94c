package io.switchboard.sharding.session;

import io.switchboard.sharding.serialization.CborSerializable;
import org.jxmpp.jid.EntityFullJid;

/** The answer to {@link UserSession.Bind}. */
public sealed interface BindResult extends CborSerializable {

  /** The connection now owns {@code jid}; an older connection with that JID got Replaced. */
  record Bound(EntityFullJid jid) implements BindResult {}

  /**
   * Binding was refused; {@code condition} is the RFC 6120 §7.6.2 stanza error condition to
   * answer the bind IQ with (for example {@code resource-constraint}).
   */
  record Refused(String condition) implements BindResult {}
}
