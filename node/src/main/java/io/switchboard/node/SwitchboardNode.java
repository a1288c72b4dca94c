package io.switchboard.node;

import com.typesafe.config.Config;
import io.switchboard.node.c2s.C2sServer;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.health.NodeHealth;
import io.switchboard.node.lifecycle.Lifecycle;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.node.s2s.S2sServer;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.node.upload.Uploads;
import io.switchboard.persistence.Persistence;
import io.switchboard.sharding.muc.MucService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one server process: persistence first, then the cluster member,
 * management and sharding. {@link Main} handles the command line and exit codes; tests start a
 * node in-process through {@link #start(Config)}. Each step of {@link #wire()} is a small class of
 * this package; the order of the steps is the order of the start.
 *
 * <p>Shutdown order (Coordinated Shutdown, on SIGTERM or {@link #stop()}; see {@link
 * NodeShutdown}): readiness turns false (before-service-unbind), listeners stop, sharding hands
 * off, the member leaves, the ActorSystem terminates, and only then is Cassandra closed, so
 * journal writes in flight still land.
 */
public final class SwitchboardNode {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);

  private final Config config;
  private final C2sSettings c2sSettings;
  private final NodeSettings settings;
  private final NodePersistence storage;
  private final ActorSystem<Void> system;

  private C2sServer c2s;
  private Uploads uploads;
  /** The multi-user chat service (null when switchboard.muc.enabled is off). */
  private MucService muc;

  private SwitchboardNode(Config config, NodeSettings settings, C2sSettings c2sSettings, NodePersistence storage,
      ActorSystem<Void> system) {
    this.config = config;
    this.c2sSettings = c2sSettings;
    this.settings = settings;
    this.storage = storage;
    this.system = system;
  }

  /** Starts a node; blocks until persistence is up and the cluster member is started. */
  public static SwitchboardNode start(Config config) {
    NodeSettings settings = NodeSettings.fromConfig(config);
    C2sSettings c2sSettings = C2sSettings.fromConfig(config);
    NodePersistence storage = NodePersistence.start(config);
    ActorSystem<Void> system = NodeActorSystem.create(config, settings, c2sSettings, storage.persistence());
    SwitchboardNode node = new SwitchboardNode(config, settings, c2sSettings, storage, system);
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

  /** The start, in order; each step registers its own shutdown tasks as it goes. */
  private void wire() {
    NodeHealth health = NodeHealth.get(system);
    storage.watch(health);
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    NodeShutdown.bracket(cs, health, storage::close);
    NodeMetrics metrics = MetricsWiring.start(system, config, cs);
    ClusterMembership.join(system, settings, health);
    NodeCore core = new NodeCore(config, settings, c2sSettings, storage.persistence(), system, new Lifecycle(cs),
        Clock.systemUTC(), metrics);

    // Routing, then the sharded services and modules, then the services at sub-domains; the
    // registry is frozen before any listener accepts.
    Routing routing = Routing.start(core);
    PubSubParts pubsub = PubSubParts.start(core, routing.router());
    FeatureModules features = FeatureModules.start(core, routing, pubsub);
    HostedServices hosted = HostedServices.start(core, routing, features, pubsub);
    muc = hosted.muc();
    uploads = hosted.uploads();
    UserSessions.start(core, routing.router(), pubsub, features.modules());

    // Listeners last, each drained by Coordinated Shutdown through the lifecycle.
    ComponentListener.start(core, routing);
    NodeTls tls = NodeTls.load(core);
    S2sServer s2s = Federation.create(core, tls, routing, hosted, features, pubsub.sharding().numberOfShards());
    MetricsWiring.watchAll(core, hosted);
    c2s = ClientListeners.start(core, tls, routing, pubsub, features, uploads).c2s();
    UserSessions.passivateIdleOnShutdown(core);
    Proxy65Listener.bind(core, hosted.proxy65());
    Federation.bind(core, s2s);
    health.markUp(NodeHealth.Part.LISTENERS);
    log.info(
        "Switchboard node for {} started: cluster {}:{}, management {}",
        settings.domain(),
        settings.cluster().host(),
        settings.cluster().port(),
        settings.ports().management());
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
    return storage.persistence();
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
      storage.close();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
