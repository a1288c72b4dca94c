package io.switchboard.sharding.s2s;

import io.switchboard.protocol.jid.Jids;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * One direction of federation: stanzas from the local domain {@code local} (the server's own or a
 * service domain such as {@code pubsub.<domain>}) to the remote domain {@code remote}. RFC 6120
 * §13.7 and XEP-0220 authenticate an s2s stream for one pair of domains, so each pair has its own
 * {@link RemoteDomain} entity and its own outgoing stream. The entity id is {@code local/remote}
 * ('/' is not allowed in a domain, and '|' is Pekko's persistence id separator).
 */
public record RemoteDomainKey(DomainBareJid local, DomainBareJid remote) {

  public String entityId() {
    return local + "/" + remote;
  }

  public static Optional<RemoteDomainKey> parse(String entityId) {
    int bar = entityId.indexOf('/');
    if (bar <= 0) {
      return Optional.empty();
    }
    Optional<Jid> l = Jids.parse(entityId.substring(0, bar));
    Optional<Jid> r = Jids.parse(entityId.substring(bar + 1));
    if (l.isEmpty() || r.isEmpty() || !l.get().isDomainBareJid() || !r.get().isDomainBareJid()) {
      return Optional.empty();
    }
    return Optional.of(new RemoteDomainKey(l.get().asDomainBareJid(), r.get().asDomainBareJid()));
  }

  @Override
  public String toString() {
    return local + " -> " + remote;
  }
}
