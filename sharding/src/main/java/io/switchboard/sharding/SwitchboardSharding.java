package io.switchboard.sharding;

import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.router.Services;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.UserSession;
import java.time.Clock;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;

/**
 * Starts the cluster domain on a node: registers the user entities with sharding. The node builds
 * the {@link Router} first (over its {@link Services}), then what needs the Router (pub-sub, PEP),
 * then the {@link Modules}, and registers the entities last, with everything they depend on.
 */
public final class SwitchboardSharding {
  private SwitchboardSharding() {}

  /**
   * What the node provides. {@code accounts} tells the entities which accounts exist (RFC 6121
   * §8.5.1) and which incarnation they are; without one, every account exists.
   */
  public record Ports(
      OfflineMessages offline, Clock clock, AccountDirectory accounts, PepHandler pep, CapsDirectory caps,
      Modules modules, EntityLifecycle sessions) {
    public Ports {
      Objects.requireNonNull(sessions, "sessions");
      Objects.requireNonNull(offline, "offline");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(accounts, "accounts");
      Objects.requireNonNull(pep, "pep");
      Objects.requireNonNull(caps, "caps");
      Objects.requireNonNull(modules, "modules");
    }

    /** Without PEP, entity caps cached in this JVM, the standard modules. */
    /** Telling nobody of the accounts' recoveries and passivations. */
    public Ports(OfflineMessages offline, Clock clock, AccountDirectory accounts, PepHandler pep, CapsDirectory caps,
        Modules modules) {
      this(offline, clock, accounts, pep, caps, modules, EntityLifecycle.NONE);
    }

    public Ports(OfflineMessages offline, Clock clock, AccountDirectory accounts) {
      this(offline, clock, accounts, PepHandler.none(), CapsDirectory.local(),
          StandardModules.of(PepHandler.none(), clock));
    }

    public Ports(OfflineMessages offline, AccountDirectory accounts) {
      this(offline, Clock.systemUTC(), accounts);
    }

    public Ports(OfflineMessages offline) {
      this(offline, AccountDirectory.everyAccountExists());
    }
  }

  /**
   * A Router for {@code services}' domain, with external {@code components}; nothing is registered
   * with sharding yet ({@link #startSessions}).
   */
  public static Router router(ActorSystem<?> system, Services services, ComponentRoutes components) {
    return new Router(ClusterSharding.get(system), services, components);
  }

  /** Registers {@link UserSession} with cluster sharding on this node (settings from config). */
  public static void startSessions(ActorSystem<?> system, Router router, Ports ports) {
    startSessions(system, router, ShardingSettings.fromConfig(system.settings().config()), ports);
  }

  public static void startSessions(ActorSystem<?> system, Router router, ShardingSettings settings, Ports ports) {
    startSessions(system, router, settings,
        io.switchboard.sharding.quota.AccountQuotas.fromConfig(system.settings().config()), ports);
  }

  /** As above with settings the caller has already read (a node reads each once at start). */
  public static void startSessions(ActorSystem<?> system, Router router, ShardingSettings settings,
      io.switchboard.sharding.quota.AccountQuotas quotas, Ports ports) {
    UserSession.init(system, settings.numberOfShards(), settings.userSession(),
        new io.switchboard.sharding.session.SessionDependencies(router, ports.offline(), ports.clock(), ports.accounts(),
            ports.pep(), ports.caps(), ports.modules(), quotas, ports.sessions()));
  }

  /**
   * Tests: a Router for {@code domain} whose own stanzas go to {@code server}, with the user entities
   * registered (standard modules, no PEP).
   */
  public static Router init(ActorSystem<?> system, DomainBareJid domain, ServerHandler server, Ports ports) {
    Router router = router(system, Services.of(domain, server, java.util.List.of()), ComponentRoutes.none());
    startSessions(system, router, ports);
    return router;
  }
}
