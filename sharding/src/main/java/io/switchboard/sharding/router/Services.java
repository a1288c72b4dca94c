package io.switchboard.sharding.router;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;

/**
 * The one registration point for the domains a node answers itself: the server's own domain and
 * its service domains ({@code pubsub.<domain>}, {@code proxy.<domain>}, later
 * {@code conference.<domain>}). The {@link Router} consults it for every stanza that is not for a
 * user, so services can be registered after the Router exists (they need it to answer), and then
 * the registry is frozen before any listener accepts a connection. Thread-safe: written only
 * during start-up, read-only once frozen.
 */
public final class Services {

  /**
   * A domain the node answers.
   *
   * @param jid the domain
   * @param name the human-readable name in the server's disco#items (null for the server itself)
   * @param handler answers every stanza addressed to the domain (any local part or resource)
   */
  public record Service(DomainBareJid jid, String name, ServerHandler handler) {}

  private final DomainBareJid domain;
  private final Map<DomainBareJid, Service> byDomain = new LinkedHashMap<>();
  private volatile ServerHandler server;
  private volatile RemoteRouting remote = RemoteRouting.UNREACHABLE;
  private volatile boolean frozen;

  public Services(DomainBareJid domain) {
    this.domain = domain;
  }

  /** The server's own domain. */
  public DomainBareJid domain() {
    return domain;
  }

  /** What answers stanzas to the server's own domain. */
  public synchronized void registerServer(ServerHandler handler) {
    requireOpen();
    this.server = handler;
  }

  /**
   * What takes stanzas for every other domain (federation); without it they are unreachable
   * ({@link RemoteRouting#UNREACHABLE}).
   */
  public synchronized void registerRemote(RemoteRouting routing) {
    requireOpen();
    this.remote = java.util.Objects.requireNonNull(routing, "routing");
  }

  /** What takes stanzas for other domains. */
  public RemoteRouting remote() {
    return remote;
  }

  /** A service domain; its name is listed in the server's disco#items. */
  public synchronized void register(Service service) {
    requireOpen();
    if (service.jid().equals(domain) || byDomain.containsKey(service.jid())) {
      throw new IllegalArgumentException("service domain " + service.jid() + " is not unique");
    }
    byDomain.put(service.jid(), service);
  }

  /** No more registrations; call before accepting connections. */
  public synchronized void freeze() {
    if (server == null) {
      throw new IllegalStateException("no handler for the server's own domain was registered");
    }
    frozen = true;
  }

  private void requireOpen() {
    if (frozen) {
      throw new IllegalStateException("services are registered at start-up, before the registry is frozen");
    }
  }

  /** The service at {@code jid} (not the server's own domain). */
  public Optional<Service> service(DomainBareJid jid) {
    return Optional.ofNullable(frozen ? byDomain.get(jid) : lookUpWhileOpen(jid));
  }

  private synchronized Service lookUpWhileOpen(DomainBareJid jid) {
    return byDomain.get(jid);
  }

  /** The handler of the server's own domain (null until registered). */
  public ServerHandler server() {
    return server;
  }

  /** The service domains in registration order. */
  public synchronized Collection<Service> all() {
    return List.copyOf(byDomain.values());
  }

  /** Services bound before the registry exists (tests): every one registered, a server handler, frozen. */
  public static Services of(DomainBareJid domain, ServerHandler server, List<Service> services) {
    Services s = new Services(domain);
    s.registerServer(server);
    services.forEach(s::register);
    s.freeze();
    return s;
  }
}
