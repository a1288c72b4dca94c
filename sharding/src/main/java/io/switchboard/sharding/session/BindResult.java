package io.switchboard.sharding.session;

import org.apache.pekko.actor.typed.ActorRef;
import io.switchboard.sharding.serialization.CborSerializable;
import org.jxmpp.jid.EntityFullJid;

/** The answer to {@link UserSession.Bind}. */
public sealed interface BindResult extends CborSerializable {

  /**
   * The connection now owns {@code jid}; an older connection with that JID got Replaced.
   * {@code entity} is the entity incarnation that bound it: the connection watches it and
   * re-attaches when it stops (node crash, hand-off). Null from code that does not know it.
   */
  record Bound(EntityFullJid jid, ActorRef<UserSession.Command> entity) implements BindResult {
    public Bound(EntityFullJid jid) {
      this(jid, null);
    }
  }

  /**
   * Binding was refused; {@code condition} is the RFC 6120 §7.6.2 stanza error condition to
   * answer the bind IQ with (for example {@code resource-constraint}).
   */
  record Refused(String condition) implements BindResult {}
}
