package io.switchboard.protocol.sasl;

import io.switchboard.protocol.jid.Jids;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/** Maps SASL identities to accounts of one domain (RFC 6120 §6.3.7, §6.3.8). */
final class SaslIdentities {
  private final DomainBareJid domain;

  SaslIdentities(String domain) {
    this.domain = Jids.domain(domain);
  }

  /**
   * The normalised localpart for an authentication identity, which is a simple username or, as
   * some clients send it, the bare JID of an account of this domain. Empty when it cannot name an
   * account here.
   */
  Optional<String> username(String authcid) {
    String local = authcid;
    int at = authcid.lastIndexOf('@');
    if (at >= 0) {
      Optional<Jid> d = Jids.parse(authcid.substring(at + 1));
      if (d.isEmpty() || !d.get().isDomainBareJid() || !d.get().equals(domain)) {
        return Optional.empty();
      }
      local = authcid.substring(0, at);
    }
    if (local.isEmpty() || local.indexOf('@') >= 0 || local.indexOf('/') >= 0) {
      return Optional.empty();
    }
    return Jids.parse(local + "@" + domain)
        .map(Jid::asEntityBareJidIfPossible)
        .map(j -> j.getLocalpart().toString());
  }

  /** Whether the authorization identity is absent or the account's own bare JID. */
  boolean authzidAllowed(String authzid, String username) {
    if (authzid == null || authzid.isEmpty()) {
      return true;
    }
    Optional<Jid> jid = Jids.parse(authzid);
    if (jid.isEmpty() || jid.get().hasResource()) {
      return false;
    }
    EntityBareJid bare = jid.get().asEntityBareJidIfPossible();
    return bare != null && bare.equals(Jids.bare(username, domain.toString()));
  }
}
