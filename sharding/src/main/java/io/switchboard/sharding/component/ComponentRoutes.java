package io.switchboard.sharding.component;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * The configured external component domains and the way to them through {@link ComponentSession}
 * entities. Thread-safe; one per node. Entity refs are looked up per call, so an instance may be
 * built before {@link ComponentSession#init} ran (the Router needs it, the entity needs the Router).
 */
public final class ComponentRoutes {
  private final ClusterSharding sharding;
  private final Set<DomainBareJid> domains;

  public ComponentRoutes(ClusterSharding sharding, Set<DomainBareJid> domains) {
    this.sharding = sharding;
    this.domains = Set.copyOf(domains);
  }

  /** No components configured. */
  public static ComponentRoutes none() {
    return new ComponentRoutes(null, Set.of());
  }

  /** The configured component domains. */
  public Set<DomainBareJid> domains() {
    return domains;
  }

  /** Whether {@code domain} is a configured component's (every JID at it belongs to the component). */
  public boolean isComponent(DomainBareJid domain) {
    return domains.contains(domain);
  }

  /**
   * Hands a stanza whose {@code to} is at a component domain to that component's entity, wherever
   * it lives; it answers {@code service-unavailable} when the component is not connected.
   *
   * @throws IllegalArgumentException when {@code to} is missing or not at a component domain
   */
  public void deliver(XmlElement stanza) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null || !isComponent(to.asDomainBareJid())) {
      throw new IllegalArgumentException("not addressed to a component: " + stanza.attr("to"));
    }
    entity(to.asDomainBareJid()).tell(new ComponentSession.Deliver(stanza));
  }

  /** Registers a connection as the component of {@code domain}. */
  public CompletionStage<ComponentSession.Registration> register(
      DomainBareJid domain, ActorRef<ConnectionMessage> connection, Duration timeout) {
    return entity(domain).ask(replyTo -> new ComponentSession.Register(connection, replyTo), timeout);
  }

  /** The connection's stream ended. */
  public void unregister(DomainBareJid domain, ActorRef<ConnectionMessage> connection) {
    entity(domain).tell(new ComponentSession.Unregister(connection));
  }

  private EntityRef<ComponentSession.Command> entity(DomainBareJid domain) {
    return sharding.entityRefFor(ComponentSession.TYPE_KEY, domain.toString());
  }
}
