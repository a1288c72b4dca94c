package io.switchboard.node.component;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.c2s.C2sServer;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.node.cluster.ClusterSettings;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.offline.CassandraOfflineMessages;
import io.switchboard.node.server.ServerIq;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.node.tls.TlsSettings;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.pubsub.OwnerRelations;
import io.switchboard.sharding.pubsub.PepAudience;
import io.switchboard.sharding.pubsub.PubSubService;
import io.switchboard.sharding.pubsub.PubSubSettings;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.router.Services;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.caps.CapsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.jxmpp.jid.DomainBareJid;

/**
 * A test-only composition of a real node with the component wiring the lead adds to
 * SwitchboardNode: Cassandra persistence, a single-member cluster, the real Router and UserSession
 * entities, the real c2s listener (Smack logs in there), the {@link ComponentSession} entities and
 * the component listener. The Router's "to a component domain → ComponentRoutes.deliver" branch is
 * played by its ServerHandler for the component domains (listed as service domains), which is the
 * same dispatch without editing the Router.
 */
public final class WiredTestNode implements AutoCloseable {
  private final Persistence persistence;
  private final ActorSystem<Void> system;
  private final Router router;
  private final ComponentRoutes routes;
  private final C2sServer c2s;
  private final ComponentServer components;
  private final DomainBareJid domain;
  private final Path dataDir;
  private final int c2sPort;
  private final PubSubService pubsub;

  private WiredTestNode(Persistence persistence, ActorSystem<Void> system, Router router, ComponentRoutes routes,
      C2sServer c2s, ComponentServer components, DomainBareJid domain, Path dataDir, int c2sPort,
      PubSubService pubsub) {
    this.pubsub = pubsub;
    this.persistence = persistence;
    this.system = system;
    this.router = router;
    this.routes = routes;
    this.c2s = c2s;
    this.components = components;
    this.domain = domain;
    this.dataDir = dataDir;
    this.c2sPort = c2sPort;
  }

  /** Starts everything on free loopback ports; {@code overrides} go over the test defaults. */
  public static WiredTestNode start(String keyspace, Map<String, Object> overrides) throws Exception {
    return start(keyspace, overrides, false);
  }

  /**
   * As {@link #start(String, Map)}, plus the real pub-sub service at {@code pubsub.<domain>}
   * (wired as the lead does: its domain is a service domain handed to {@link PubSubService}).
   */
  public static WiredTestNode startWithPubSub(String keyspace, Map<String, Object> overrides) throws Exception {
    return start(keyspace, overrides, true);
  }

  private static WiredTestNode start(String keyspace, Map<String, Object> overrides, boolean withPubSub)
      throws Exception {
    Path dataDir = Files.createDirectories(Path.of("target", "nodes", keyspace).toAbsolutePath());
    int c2sPort = CassandraExtension.freePort();
    Map<String, Object> m = new HashMap<>();
    m.put("switchboard.bind", "127.0.0.1");
    m.put("switchboard.data-dir", dataDir.toString());
    m.put("switchboard.ports.c2s", c2sPort);
    m.put("switchboard.ports.c2s-tls", CassandraExtension.freePort());
    m.put("switchboard.ports.management", CassandraExtension.freePort());
    m.put("switchboard.ports.component", CassandraExtension.freePort());
    m.put("switchboard.ports.http", CassandraExtension.freePort());
    m.put("switchboard.cluster.port", CassandraExtension.freePort());
    m.put("switchboard.cluster.seed-nodes", "");
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.putAll(overrides);
    Config config = ProposedConfig.with(ConfigFactory.parseMap(m).withFallback(CassandraExtension.testConfig(keyspace)));
    NodeSettings settings = NodeSettings.fromConfig(config);
    ComponentSettings componentSettings = ComponentSettings.fromConfig(config, settings.domain());

    Persistence persistence = Persistence.start(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME,
        ClusterSettings.pekkoOverrides(settings).withFallback(persistence.pekkoPersistenceConfig())
            .withFallback(config).resolve());
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    // Wired as SwitchboardNode wires it: the Router over the service registry, the services after.
    Services services = new Services(settings.domain());
    ComponentRoutes routes = new ComponentRoutes(ClusterSharding.get(system), componentSettings.secrets().keySet());
    Router router = SwitchboardSharding.router(system, services, routes);
    ComponentSession.init(system, router);
    PubSubService pubsubService = withPubSub
        ? PubSubService.init(system, 100, PubSubSettings.defaults(), new PubSubService.Dependencies(
            router, OwnerRelations.none(), PepAudience.nobody(), Clock.systemUTC(), jid -> false))
        : null;
    Modules modules = StandardModules.of(PepHandler.none(), Clock.systemUTC());
    ServerIq serverIq = new ServerIq(modules, services);
    services.registerServer(serverIq);
    if (pubsubService != null) {
      services.register(new Services.Service(Jids.domain("pubsub." + settings.domain()), "Publish-Subscribe", pubsubService));
    }
    services.freeze();
    SwitchboardSharding.startSessions(system, router, new SwitchboardSharding.Ports(
        new CassandraOfflineMessages(persistence.offline(), 1000), Clock.systemUTC(),
        persistence.accounts()::createdAt, PepHandler.none(), CapsDirectory.local(), modules));

    TlsSettings tlsSettings = TlsSettings.fromConfig(config);
    ServerTls tls = ServerTls.load(tlsSettings, settings.domain().toString(), dataDir, Clock.systemUTC());
    C2sServer c2s = C2sServer.start(new C2sServer.Dependencies(settings.domain(), C2sSettings.fromConfig(config),
            tls, true, persistence.accounts(), io.switchboard.node.register.RegistrationSettings.closed(), serverIq,
            router, system, Clock.systemUTC()),
        "127.0.0.1", c2sPort, settings.ports().c2sTls());
    ComponentServer components = ComponentServer.start(
        new ComponentServer.Dependencies(componentSettings, routes, router, system), "127.0.0.1", 0);
    return new WiredTestNode(persistence, system, router, routes, c2s, components, settings.domain(), dataDir, c2sPort,
        pubsubService);
  }

  /** The pub-sub service (null unless started with {@link #startWithPubSub}). */
  public PubSubService pubsub() {
    return pubsub;
  }

  public Persistence persistence() {
    return persistence;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Router router() {
    return router;
  }

  public ComponentRoutes componentRoutes() {
    return routes;
  }

  public ComponentServer components() {
    return components;
  }

  public DomainBareJid domain() {
    return domain;
  }

  public int c2sPort() {
    return c2sPort;
  }

  /** The dev-mode certificate Smack must trust. */
  public Path certificate() {
    return dataDir.resolve("tls").resolve(domain + ".crt.pem");
  }

  @Override
  public void close() {
    components.close();
    c2s.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort in tests
    }
    persistence.close();
  }
}
