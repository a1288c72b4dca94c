package io.switchboard.sharding.s2s;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.RemoteRouting;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federation's hook in the Router ({@link RemoteRouting}): a stanza for a remote domain goes to the
 * {@link RemoteDomain} entity of its (local domain, remote domain) pair, wherever in the cluster
 * that runs; the entity acknowledges the receipt once the stanza is in its journal. A remote
 * domain the policy refuses, or a sender that is not at one of the local domains, is answered as
 * when federation is off ({@link RemoteRouting#UNREACHABLE}). Thread-safe.
 */
public final class RemoteRoutes implements RemoteRouting {
  private static final Logger log = LoggerFactory.getLogger(RemoteRoutes.class);

  private final ClusterSharding sharding;
  private final Set<DomainBareJid> localDomains;
  private final Predicate<DomainBareJid> allowed;

  /**
   * @param localDomains the domains stanzas may come from (the server's and its services')
   * @param allowed whether federation with a remote domain is permitted (allow/deny lists)
   */
  public RemoteRoutes(ClusterSharding sharding, Set<DomainBareJid> localDomains, Predicate<DomainBareJid> allowed) {
    this.sharding = sharding;
    this.localDomains = Set.copyOf(localDomains);
    this.allowed = allowed;
  }

  @Override
  public void route(XmlElement stanza, Receipt receipt, StanzaRouting replies) {
    Jid from = Jids.parse(stanza.attr("from")).orElse(null);
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (from == null || to == null || !localDomains.contains(from.asDomainBareJid())) {
      log.debug("not federating a stanza from {} to {}", stanza.attr("from"), stanza.attr("to"));
      UNREACHABLE.route(stanza, receipt, replies);
      return;
    }
    DomainBareJid remote = to.asDomainBareJid();
    if (!allowed.test(remote)) {
      log.debug("federation with {} is not allowed", remote);
      UNREACHABLE.route(stanza, receipt, replies);
      return;
    }
    RemoteDomainKey key = new RemoteDomainKey(from.asDomainBareJid(), remote);
    sharding.entityRefFor(RemoteDomain.TYPE_KEY, key.entityId()).tell(new RemoteDomain.Deliver(stanza, receipt));
  }
}
