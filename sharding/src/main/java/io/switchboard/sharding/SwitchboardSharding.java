package io.switchboard.sharding;

import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.session.PepHandler;
import io.switchboard.sharding.session.UserSession;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;

/** Starts the cluster domain on a node: registers the entities and returns the node's Router. */
public final class SwitchboardSharding {
  private SwitchboardSharding() {}

  /**
   * What the node provides. {@code accounts} tells the entities which accounts exist (RFC 6121
   * §8.5.1) and which incarnation they are; without one, every account exists.
   */
  public record Ports(
      OfflineMessages offline, ServerHandler server, Clock clock, AccountDirectory accounts,
      ComponentRoutes components, PepHandler pep, CapsDirectory caps) {
    public Ports {
      Objects.requireNonNull(pep, "pep");
      Objects.requireNonNull(caps, "caps");
      Objects.requireNonNull(offline, "offline");
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(accounts, "accounts");
      Objects.requireNonNull(components, "components");
    }

    /** Without PEP; entity caps cached in this JVM only. */
    public Ports(OfflineMessages offline, ServerHandler server, Clock clock, AccountDirectory accounts,
        ComponentRoutes components) {
      this(offline, server, clock, accounts, components, PepHandler.none(), CapsDirectory.local());
    }

    public Ports(OfflineMessages offline, ServerHandler server, Clock clock, AccountDirectory accounts) {
      this(offline, server, clock, accounts, ComponentRoutes.none());
    }

    public Ports(OfflineMessages offline, ServerHandler server, Clock clock) {
      this(offline, server, clock, AccountDirectory.everyAccountExists());
    }

    public Ports(OfflineMessages offline, ServerHandler server) {
      this(offline, server, Clock.systemUTC());
    }

    public Ports(OfflineMessages offline, ServerHandler server, AccountDirectory accounts) {
      this(offline, server, Clock.systemUTC(), accounts);
    }
  }

  /** As {@link #init(ActorSystem, DomainBareJid, ShardingSettings, Ports)} with settings from config. */
  public static Router init(ActorSystem<?> system, DomainBareJid domain, Ports ports) {
    return init(system, domain, ShardingSettings.fromConfig(system.settings().config()), ports);
  }

  /**
   * Registers {@link UserSession} with cluster sharding on this node and returns the Router for
   * {@code domain}. Call once per node, after the cluster is configured (the node owns remoting,
   * cluster and journal settings).
   */
  public static Router init(
      ActorSystem<?> system, DomainBareJid domain, ShardingSettings settings, Ports ports) {
    return init(system, domain, Set.of(), settings, ports);
  }

  /**
   * As {@link #init(ActorSystem, DomainBareJid, Ports)}, with local service domains (such as
   * {@code proxy.<domain>}) whose stanzas the Router hands to {@code ports.server()} too.
   */
  public static Router init(
      ActorSystem<?> system, DomainBareJid domain, Set<DomainBareJid> serviceDomains, Ports ports) {
    return init(system, domain, serviceDomains, ShardingSettings.fromConfig(system.settings().config()), ports);
  }

  public static Router init(
      ActorSystem<?> system,
      DomainBareJid domain,
      Set<DomainBareJid> serviceDomains,
      ShardingSettings settings,
      Ports ports) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Router router = new Router(sharding, domain, serviceDomains, ports.server(), ports.components());
    UserSession.init(system, settings.numberOfShards(), settings.userSession(),
        new UserSession.Dependencies(router, ports.offline(), ports.clock(), ports.accounts(),
            ports.pep(), ports.caps()));
    return router;
  }
}
