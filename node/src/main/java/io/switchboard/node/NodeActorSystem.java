package io.switchboard.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.node.cluster.ClusterSettings;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.persistence.Persistence;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's ActorSystem: the cluster's Pekko settings, the app version, the Coordinated Shutdown
 * phase timeouts the drain needs, and the journal's Cassandra settings, over the node's config.
 */
final class NodeActorSystem {
  private NodeActorSystem() {}

  /** Creates the ActorSystem; on failure closes {@code persistence} before rethrowing. */
  static ActorSystem<Void> create(
      Config config, NodeSettings settings, C2sSettings c2sSettings, Persistence persistence) {
    try {
      return ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME,
          fullConfig(config, settings, c2sSettings, persistence));
    } catch (RuntimeException e) {
      persistence.close();
      throw e;
    }
  }

  private static Config fullConfig(
      Config config, NodeSettings settings, C2sSettings c2sSettings, Persistence persistence) {
    return ClusterSettings.pekkoOverrides(settings)
        .withValue("pekko.cluster.app-version", ConfigValueFactory.fromAnyRef(SwitchboardNode.appVersion()))
        // The drain of client streams runs in this phase; it must outlast the drain window.
        .withValue("pekko.coordinated-shutdown.phases.service-requests-done.timeout",
            ConfigValueFactory.fromAnyRef(
                c2sSettings.drainWindow().plusSeconds(15).toMillis() + "ms"))
        .withValue("pekko.coordinated-shutdown.phases.service-stop.timeout",
            ConfigValueFactory.fromAnyRef(c2sSettings.linger().plusSeconds(10).toMillis() + "ms"))
        // A failed start-up must not end in Coordinated Shutdown's System.exit(0): the caller
        // reports the error and exits non-zero itself.
        .withValue(ConfigUtil.joinPath("pekko", "coordinated-shutdown", "reason-overrides",
                SwitchboardNode.StartupFailed.class.getName(), "exit-jvm"),
            ConfigValueFactory.fromAnyRef("off"))
        .withFallback(persistence.pekkoPersistenceConfig())
        .withFallback(config)
        .resolve();
  }
}
