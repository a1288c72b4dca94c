package io.switchboard.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.node.c2s.C2sServer;
import io.switchboard.node.cluster.ClusterSettings;
import io.switchboard.node.management.ManagementServer;
import io.switchboard.node.metrics.MetricsRoute;
import io.switchboard.node.metrics.MetricsSettings;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.node.offline.CassandraOfflineMessages;
import io.switchboard.node.proxy65.Proxy65;
import io.switchboard.node.proxy65.Proxy65Settings;
import io.switchboard.node.server.ServerIq;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.node.register.RegistrationSettings;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.node.tls.TlsSettings;
import io.switchboard.node.s2s.DialbackSecrets;
import io.switchboard.node.s2s.S2sServer;
import io.switchboard.node.s2s.S2sSettings;
import io.switchboard.sharding.s2s.RemoteDomain;
import io.switchboard.sharding.s2s.RemoteDomainSettings;
import io.switchboard.sharding.s2s.RemoteRoutes;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.ShardingSettings;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.caps.ReplicatedCapsDirectory;
import io.switchboard.node.api.ApiRoutes;
import io.switchboard.node.api.ApiServer;
import io.switchboard.node.upload.UploadSettings;
import io.switchboard.node.upload.Uploads;
import org.apache.pekko.http.javadsl.server.Route;
import io.switchboard.node.web.WebServer;
import io.switchboard.node.web.WebSettings;
import io.switchboard.node.feeds.Feeds;
import io.switchboard.node.muc.Muc;
import io.switchboard.sharding.muc.MucService;
import io.switchboard.sharding.muc.MucSettings;
import io.switchboard.sharding.feed.FeedService;
import io.switchboard.node.lifecycle.Lifecycle;
import io.switchboard.node.lifecycle.Listener;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.router.Services;
import io.switchboard.node.api.ApiSettings;
import io.switchboard.node.api.IqApiPubSub;
import io.switchboard.node.component.ComponentServer;
import io.switchboard.node.component.ComponentSettings;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.pep.AccountRelations;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;
import io.switchboard.sharding.pubsub.PubSubService;
import io.switchboard.sharding.pubsub.PubSubSettings;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.IdlePassivation;
import io.switchboard.sharding.session.UserSession;
import java.io.IOException;
import java.time.Clock;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.health.NodeHealth;
import io.switchboard.persistence.Persistence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one server process: persistence first, then the cluster member,
 * management and sharding. {@link Main} handles the command line and exit codes; tests start a
 * node in-process through {@link #start(Config)}.
 *
 * <p>Shutdown order (Coordinated Shutdown, on SIGTERM or {@link #stop()}): readiness turns false
 * (before-service-unbind), listeners stop, sharding hands off, the member leaves, the ActorSystem
 * terminates, and only then is Cassandra closed, so journal writes in flight still land.
 */
public final class SwitchboardNode {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);
  private static final Duration IDLE_PASSIVATION_WITHIN = Duration.ofSeconds(4);

  /**
   * Offline messages read and delivered per page; the next page follows once this one was
   * acknowledged, so a backlog never fills a client's XEP-0198 window (max-unacked, 1000).
   */
  private static final int OFFLINE_FETCH_LIMIT = 100;

  private final Config config;
  private final C2sSettings c2sSettings;
  private final NodeSettings settings;
  private final Persistence persistence;
  private final ActorSystem<Void> system;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private C2sServer c2s;
  private Uploads uploads;
  /** The multi-user chat service (null when switchboard.muc.enabled is off). */
  private MucService muc;

  private SwitchboardNode(
      Config config, NodeSettings settings, C2sSettings c2sSettings, Persistence persistence, ActorSystem<Void> system) {
    this.config = config;
    this.c2sSettings = c2sSettings;
    this.settings = settings;
    this.persistence = persistence;
    this.system = system;
  }

  /** Starts a node; blocks until persistence is up and the cluster member is started. */
  public static SwitchboardNode start(Config config) {
    NodeSettings settings = NodeSettings.fromConfig(config);
    C2sSettings c2sSettings = C2sSettings.fromConfig(config);
    Persistence persistence = Persistence.start(config);
    // On JVM exit Cassandra waits for the node to close it (after the journal's last write).
    persistence.embedded().ifPresent(c -> c.stopOnJvmExitAfter(Duration.ofSeconds(30)));
    ActorSystem<Void> system;
    try {
      Config full =
          ClusterSettings.pekkoOverrides(settings)
              .withValue("pekko.cluster.app-version", ConfigValueFactory.fromAnyRef(appVersion()))
              // The drain of client streams runs in this phase; it must outlast the drain window.
              .withValue("pekko.coordinated-shutdown.phases.service-requests-done.timeout",
                  ConfigValueFactory.fromAnyRef(
                      c2sSettings.drainWindow().plusSeconds(15).toMillis() + "ms"))
              .withValue("pekko.coordinated-shutdown.phases.service-stop.timeout",
                  ConfigValueFactory.fromAnyRef(c2sSettings.linger().plusSeconds(10).toMillis() + "ms"))
              // A failed start-up must not end in Coordinated Shutdown's System.exit(0): the caller
              // reports the error and exits non-zero itself.
              .withValue(ConfigUtil.joinPath("pekko", "coordinated-shutdown", "reason-overrides",
                      StartupFailed.class.getName(), "exit-jvm"),
                  ConfigValueFactory.fromAnyRef("off"))
              .withFallback(persistence.pekkoPersistenceConfig())
              .withFallback(config)
              .resolve();
      system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, full);
    } catch (RuntimeException e) {
      persistence.close();
      throw e;
    }
    SwitchboardNode node = new SwitchboardNode(config, settings, c2sSettings, persistence, system);
    try {
      node.wire();
    } catch (RuntimeException e) {
      log.error("Start-up failed, stopping the node: {}", e.toString());
      node.stop(StartupFailed.INSTANCE);
      throw e;
    }
    return node;
  }

  /**
   * Why Coordinated Shutdown ran when the node stopped because its start-up failed after the
   * ActorSystem had started (a port in use, say). It does not exit the JVM, whatever {@code
   * exit-jvm} says, so the error reaches the caller.
   */
  enum StartupFailed implements CoordinatedShutdown.Reason {
    INSTANCE
  }

  private void wire() {
    NodeHealth health = NodeHealth.get(system);
    health.addProbe("cassandra", this::cassandraAnswers);
    health.markUp(NodeHealth.Part.PERSISTENCE);

    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    cs.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "mark-not-ready",
        () -> {
          health.markDraining();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    // Cassandra closes last: after sharding handed off and the member left (so the journal's last
    // writes landed), before the ActorSystem terminates and the JVM exits.
    cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-persistence",
        () -> CompletableFuture.supplyAsync(() -> {
          closePersistence();
          return Done.getInstance();
        }));

    // Metrics (issue #21): one registry for the node, /metrics behind the management token.
    NodeMetrics metrics = NodeMetrics.create(MetricsSettings.fromConfig(config));
    cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-metrics", () -> {
      metrics.close();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    ManagementServer.start(system, MetricsRoute.of(metrics).stream().toList());

    Cluster cluster = Cluster.get(system);
    if (settings.cluster().discovery() == NodeSettings.Discovery.KUBERNETES_API) {
      ClusterBootstrap.get(system).start();
    } else if (settings.cluster().seedNodes().isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                system.systemActorOf(
                    Behaviors.<SelfUp>receive((ctx, msg) -> {
                      log.info("Cluster member {} is Up", cluster.selfMember().address());
                      health.markUp(NodeHealth.Part.SHARDING);
                      return Behaviors.stopped();
                    }),
                    "self-up-listener",
                    org.apache.pekko.actor.typed.Props.empty()),
                SelfUp.class));
    Lifecycle lifecycle = new Lifecycle(cs);
    Clock clock = Clock.systemUTC();
    DomainBareJid domain = settings.domain();

    // The domains this node answers and the Router over them. Services need the Router to answer,
    // so they are registered below, after it exists, and the registry is frozen before any
    // listener accepts.
    Services services = new Services(domain);
    ComponentSettings componentSettings = ComponentSettings.fromConfig(config, domain);
    ComponentRoutes componentRoutes =
        new ComponentRoutes(ClusterSharding.get(system), componentSettings.secrets().keySet());
    Router router = SwitchboardSharding.router(system, services, componentRoutes);
    // Every node hosts component entities, whether or not a component connects to it.
    ComponentSession.init(system, router);

    // XEP-0060 at pubsub.<domain>, and every account's PEP service (XEP-0163).
    AccountRelations relations = new AccountRelations(router, Duration.ofSeconds(10));
    java.util.Set<String> pubsubAdmins = PubSubSettings.admins(system.settings().config());
    // Shard counts and per-account storage quotas (issue #23 F9): read once, an invalid value stops start-up.
    ShardingSettings sharding = ShardingSettings.fromConfig(system.settings().config());
    io.switchboard.sharding.quota.AccountQuotas quotas =
        io.switchboard.sharding.quota.AccountQuotas.fromConfig(system.settings().config());
    // RSS/Atom feeds into pub-sub nodes (issue #24): before the service, which tells them of attachments.
    FeedService feeds = Feeds.start(system, config, sharding.numberOfShards());
    PubSubService pubsub = PubSubService.init(system,
        sharding.numberOfShards(),
        PubSubSettings.fromConfig(system.settings().config()),
        new PubSubService.Dependencies(metrics.pubsubRouting(router), relations, relations, clock,
            user -> pubsubAdmins.contains(user.toString()), feeds, metrics.lifecycle("pubsub-node"),
            io.switchboard.node.pubsub.CassandraItemStore.of(persistence)), quotas); // payloads past the cache (#23 F9)

    // Every XEP the server runs: the standard modules and the client stream's own features.
    RegistrationSettings registration = RegistrationSettings.fromConfig(config, settings.registration());
    // Issue #18's message path (archives, carbons, push), each only when enabled.
    MobileModules mobile = MobileModules.of(system.settings().config(), persistence, metrics::archive);
    List<io.switchboard.sharding.module.Module> extra = new java.util.ArrayList<>(List.of(new ClientStreamModule(),
        new io.switchboard.sharding.extdisco.ExternalServices(
            io.switchboard.sharding.extdisco.ExternalServicesSettings.fromConfig(config), domain.toString(), clock)));
    extra.addAll(mobile.modules());
    // XEP-0050/XEP-0133 administration at the domain (issue #21); its own small SCRAM pool.
    io.switchboard.node.kdf.KeyDerivation adminKdf = new io.switchboard.node.kdf.KeyDerivation(1, 4);
    lifecycle.task(CoordinatedShutdown.PhaseServiceStop(), "admin-kdf-close", () -> {
      adminKdf.close();
      return CompletableFuture.completedFuture(null);
    });
    // The message of the day (XEP-0133 set/edit/delete-motd): Cassandra, cached per node, sent at login.
    io.switchboard.sharding.motd.CachedMotd motd = io.switchboard.node.admin.MotdWiring.start(system, persistence, clock);
    extra.add(new io.switchboard.sharding.motd.MotdAtLogin(motd));
    // One set of operations for both XEP-0133 and the admin HTTP API.
    io.switchboard.sharding.admin.AdminOperations adminOps =
        io.switchboard.node.admin.AdminCommands.operations(system, router, persistence.accounts(), adminKdf, motd,
            io.switchboard.node.admin.WelcomeWiring.start(persistence, clock));
    extra.add(io.switchboard.node.admin.AdminCommands.module(system, router, adminOps, clock));
    io.switchboard.node.admin.AdminRoutes.register(system, adminOps);
    // Issue #20: unavailable presence for the contacts of a lost remote domain.
    io.switchboard.sharding.remotepresence.RemotePresenceSettings presenceLoss =
        io.switchboard.sharding.remotepresence.RemotePresenceSettings.fromConfig(system.settings().config());
    io.switchboard.sharding.remotepresence.RemotePresence remotePresence =
        io.switchboard.sharding.remotepresence.RemotePresence.start(system, presenceLoss);
    extra.add(remotePresence);
    Modules modules = StandardModules.of(new StandardModules.Settings(pubsub, clock, version(), quotas), extra);
    ServerIq serverIq = new ServerIq(modules, services);
    services.registerServer(serverIq);
    services.register(new Services.Service(Jids.domain("pubsub." + domain), "Publish-Subscribe", pubsub));
    // XEP-0045 multi-user chat at <subdomain>.<domain> (issue #17).
    MucSettings mucSettings = MucSettings.fromConfig(system.settings().config());
    if (mucSettings.enabled()) {
      MucService muc = Muc.start(system, mucSettings, domain, persistence, mobile.archive(), mobile.mam(), router, clock,
          sharding.numberOfShards(), metrics.rooms(), metrics.lifecycle("muc-room"));
      services.register(new Services.Service(Jids.domain(muc.jid()), mucSettings.name(), muc));
      NodeStatus.get(system).registerMuc(muc);
      this.muc = muc;
    }
    Proxy65Settings proxy65Settings = Proxy65Settings.fromConfig(config, settings.bind());
    Proxy65 proxy65 = proxy65Settings.enabled() ? Proxy65.create(domain, proxy65Settings) : null;
    if (proxy65 != null) {
      services.register(proxy65.service());
    }
    // XEP-0363 at upload.<domain> (before federation, which counts it among the hosted domains);
    // its PUT/GET routes join the HTTP port below.
    UploadSettings uploadSettings =
        UploadSettings.fromConfig(config, domain, settings.bind(), settings.ports().http());
    uploads = uploadSettings.enabled()
        ? Uploads.start(uploadSettings, domain, persistence.session(), persistence.settings(), clock, system) : null;
    if (uploads != null) {
      services.register(uploads.service());
      lifecycle.task(CoordinatedShutdown.PhaseServiceStop(), "upload-release", () -> {
        uploads.close();
        return CompletableFuture.completedFuture(null);
      });
    }
    // Federation (issue #20): stanzas for other domains go to the RemoteDomain entity of their
    // (local, remote) pair, which owns the outgoing stream (sharding/.../s2s).
    S2sSettings s2sSettings = S2sSettings.fromConfig(config);
    java.util.Set<DomainBareJid> hostedDomains = new java.util.LinkedHashSet<>();
    hostedDomains.add(domain);
    services.all().forEach(s -> hostedDomains.add(s.jid()));
    if (s2sSettings.enabled()) {
      services.registerRemote(new RemoteRoutes(ClusterSharding.get(system), hostedDomains,
          remote -> s2sSettings.allowed(remote.toString())));
    }
    services.freeze();

    SwitchboardSharding.startSessions(system, router, sharding, quotas, new SwitchboardSharding.Ports(
        metrics.offline(new CassandraOfflineMessages(persistence.offline(), OFFLINE_FETCH_LIMIT)), clock,
        persistence.accounts()::createdAt, pubsub, new ReplicatedCapsDirectory(system), modules,
        metrics.lifecycle("session")));
    metrics.watchEntities(system, UserSession.TYPE_KEY, "session");
    log.info("Modules: {}", modules.all().stream().map(io.switchboard.sharding.module.Module::name).toList());

    // Listeners last, each drained by Coordinated Shutdown through the lifecycle.
    if (componentSettings.enabled()) {
      ComponentServer components = ComponentServer.start(
          new ComponentServer.Dependencies(componentSettings, componentRoutes, router, system),
          componentSettings.bind(), settings.ports().component());
      lifecycle.listener("components", new Listener() {
        @Override
        public CompletionStage<?> stopAccepting() {
          components.stopAccepting();
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> closeStreams() {
          return components.closeAllStreams(Duration.ofSeconds(5));
        }

        @Override
        public CompletionStage<?> release() {
          components.close();
          return CompletableFuture.completedFuture(null);
        }
      });
    }
    TlsSettings tlsSettings = TlsSettings.fromConfig(config);
    ServerTls tls;
    try {
      tls = ServerTls.load(tlsSettings, domain.toString(), settings.dataDir(), clock);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    S2sServer s2s = null;
    if (s2sSettings.enabled()) {
      io.switchboard.sharding.s2s.S2sPing s2sPing =
          io.switchboard.sharding.s2s.S2sPing.fromConfig(system.settings().config());
      int shards = sharding.numberOfShards();
      s2s = S2sServer.create(new S2sServer.Dependencies(s2sSettings,
          hostedDomains.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet()), tls,
          DialbackSecrets.fromConfig(config, s2sSettings), router, clock, s2sPing, ClusterSharding.get(system),
          metrics.s2s()));
      RemoteDomain.init(system, shards, new RemoteDomain.Deps(s2s.links(), router, clock,
          RemoteDomainSettings.fromConfig(system.settings().config()), s2sPing));
      io.switchboard.sharding.remotepresence.PeerStreams.init(system, shards,
          new io.switchboard.sharding.remotepresence.PeerStreams.Deps(remotePresence.topic(), s2sPing, presenceLoss,
              clock, (remote, id) -> ClusterSharding.get(system).entityRefFor(RemoteDomain.TYPE_KEY,
                  new io.switchboard.sharding.s2s.RemoteDomainKey(domain, io.switchboard.protocol.jid.Jids
                      .domain(remote)).entityId()).tell(new RemoteDomain.SendPing(id))));
    }
    // Metrics (issue #21): the other sharded types, the cluster's membership, the driver's sessions.
    metrics.watchEntities(system, io.switchboard.sharding.pubsub.PubSubNode.TYPE_KEY, "pubsub-node");
    metrics.watchEntities(system, ComponentSession.TYPE_KEY, "component");
    metrics.watchEntities(system, io.switchboard.sharding.feed.Feed.TYPE_KEY, "feed");
    if (mucSettings.enabled()) {
      metrics.watchEntities(system, io.switchboard.sharding.muc.MucRoom.TYPE_KEY, "muc-room");
    }
    if (s2sSettings.enabled()) {
      metrics.watchEntities(system, RemoteDomain.TYPE_KEY, "remote-domain");
    }
    metrics.watchCluster(system);
    metrics.watchCassandra("store", () -> CompletableFuture.completedFuture(persistence.session()));
    // The journal's own session (pekko-persistence-cassandra shares it under this config path).
    metrics.watchCassandra("journal", () -> org.apache.pekko.stream.connectors.cassandra.javadsl
        .CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra").underlying());
    c2s = C2sServer.start(
        new C2sServer.Dependencies(
            domain, c2sSettings, tls, tlsSettings.required(),
            // XEP-0133 set-welcome: accounts registered in-band get the welcome message.
            new io.switchboard.node.admin.WelcomingAccountStore(persistence.accounts(), adminOps),
            registration, serverIq, router, system, clock, metrics.streams(),
            new io.switchboard.node.stream.FastTokens(
                io.switchboard.persistence.fast.FastTokenStore.cassandra(persistence.session(), persistence.settings()),
                io.switchboard.node.stream.FastSettings.fromConfig(config), clock)),
        settings.bind(), settings.ports().c2s(), settings.ports().c2sTls());
    // The HTTP port: WebSocket, BOSH, XEP-0156 discovery and the push API (issue #19), after the
    // client listeners whose stream services it shares.
    ApiSettings apiSettings = ApiSettings.fromConfig(config, domain);
    WebSettings webSettings = WebSettings.fromConfig(config);
    WebServer web = null;
    if (apiSettings.enabled() || webSettings.anyEnabled() || uploads != null) {
      DomainBareJid pubsubJid = Jids.domain("pubsub." + domain);
      java.util.Optional<io.switchboard.node.api.ApiRoutes> api = apiSettings.enabled()
          ? java.util.Optional.of(ApiServer.routes(new ApiServer.Dependencies(apiSettings,
              TokenStore.cassandra(persistence.session(), persistence.settings(), clock),
              new IqApiPubSub(domain, pubsubJid, pubsub::ask), router, system, clock, feeds, adminOps)))
          : java.util.Optional.empty();
      // XEP-0363's PUT and GET (issue #18) on the same port.
      List<Route> others = uploads == null ? List.of() : List.of(uploads.route());
      WebServer http = WebServer.start(webSettings, api, others, c2s.services(), tls, system, settings.bind(),
          settings.ports().http());
      web = http;
      lifecycle.listener("http", new Listener() {
        @Override
        public CompletionStage<?> stopAccepting() {
          return http.unbind();
        }

        @Override
        public CompletionStage<?> closeStreams() {
          return http.closeStreams(c2sSettings.drainWindow());
        }

        @Override
        public CompletionStage<?> release() {
          http.close();
          return CompletableFuture.completedFuture(null);
        }
      });
    }
    WebServer webServer = web;
    NodeStatus.get(system).registerSessions(
        () -> c2s.connectionCount() + (webServer == null ? 0 : webServer.streamCount()));
    Duration drainWindow = c2sSettings.drainWindow();
    lifecycle.listener("c2s", new Listener() {
      @Override
      public CompletionStage<?> stopAccepting() {
        c2s.stopAccepting();
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<?> closeStreams() {
        return c2s.closeAllStreams(drainWindow);
      }

      // Closed streams' actors may still be handing on what their clients sent (at most linger).
      @Override
      public CompletionStage<?> release() {
        return c2s.awaitConnectionActors(c2sSettings.linger()).thenRun(c2s::close);
      }
    });
    // After the streams are gone, before sharding hands the shards off: sessions with no resource
    // passivate, so remember-entities does not start them again at the next start (or on the node
    // that takes their shard). Within Pekko's 5 s phase timeout.
    lifecycle.task(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "passivate-idle-sessions", () ->
        IdlePassivation.passivate(system, UserSession.TYPE_KEY, UserSession.Idle.INSTANCE, IDLE_PASSIVATION_WITHIN)
            .thenApply(r -> {
              log.info("Idle sessions passivated before the hand-off: {} of {} entities here "
                  + "({} stay, with a resource bound)", r.before() - r.after(), r.before(), r.after());
              return r;
            }));
    if (proxy65 != null) {
      lifecycle.listener("proxy65", new Listener() {
        @Override
        public CompletionStage<?> stopAccepting() {
          proxy65.stopAccepting();
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> release() {
          proxy65.close();
          return CompletableFuture.completedFuture(null);
        }
      });
      proxy65.bind(settings.bind());
    }
    if (s2s != null) {
      S2sServer federation = s2s;
      federation.bind(settings.bind(), settings.ports().s2s());
      NodeStatus.get(system).registerS2s(() -> federation.streams().list());
      lifecycle.listener("s2s", new Listener() {
        @Override
        public CompletionStage<?> stopAccepting() {
          federation.stopAccepting();
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> closeStreams() {
          return federation.closeAllStreams(Duration.ofSeconds(5));
        }

        @Override
        public CompletionStage<?> release() {
          federation.close();
          return CompletableFuture.completedFuture(null);
        }
      });
    }
    health.markUp(NodeHealth.Part.LISTENERS);
    log.info(
        "Switchboard node for {} started: cluster {}:{}, management {}",
        settings.domain(),
        settings.cluster().host(),
        settings.cluster().port(),
        settings.ports().management());
  }

  private CompletionStage<Boolean> cassandraAnswers() {
    return persistence
        .session()
        .executeAsync("SELECT release_version FROM system.local")
        .thenApply(rs -> rs.one() != null);
  }

  private synchronized void closePersistence() {
    if (!closed.isDone()) {
      try {
        persistence.close();
      } finally {
        closed.complete(null);
      }
    }
  }

  /** SWITCHBOARD_APP_VERSION (the Helm chart's appVersion) if set, else the jar's version. */
  static String appVersion() {
    String v = System.getenv("SWITCHBOARD_APP_VERSION");
    return v == null || v.isBlank() ? version() : v;
  }

  static String version() {
    String v = SwitchboardNode.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** XEP-0363 HTTP upload on this node (null when disabled). */
  public Uploads uploads() {
    return uploads;
  }

  /** The client listeners (null before start-up finished). */
  public C2sServer c2s() {
    return c2s;
  }

  /** The multi-user chat service, or null when it is off. */
  public MucService muc() {
    return muc;
  }

  public NodeSettings settings() {
    return settings;
  }

  public Persistence persistence() {
    return persistence;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Starts Coordinated Shutdown without waiting (signal handlers call this). */
  public void beginShutdown() {
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.jvmExitReason());
  }

  /** Runs Coordinated Shutdown and waits until Cassandra is closed too. */
  public void stop() {
    stop(CoordinatedShutdown.unknownReason());
  }

  private void stop(CoordinatedShutdown.Reason reason) {
    CoordinatedShutdown.get(system).runAll(reason);
    awaitStopped(Duration.ofSeconds(60));
  }

  /** Waits for the ActorSystem to terminate and persistence to close. */
  public boolean awaitStopped(Duration timeout) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      closePersistence();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
