package io.switchboard.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.node.config.HostPort;
import io.switchboard.node.config.NodeSettings;
import java.util.List;
import java.util.Map;

/** Turns the node's settings into the Pekko settings for remoting, seeds and management. */
public final class ClusterSettings {
  /** The ActorSystem name; every node of one cluster must use the same. */
  public static final String SYSTEM_NAME = "switchboard";

  private ClusterSettings() {}

  /**
   * The Pekko settings the node's own settings decide. With Kubernetes discovery, the classpath's
   * {@code kubernetes.conf} (resolved against the environment) comes first, and no seed nodes.
   */
  public static Config pekkoOverrides(NodeSettings settings) {
    Config addresses = addresses(settings);
    if (settings.cluster().discovery() == NodeSettings.Discovery.KUBERNETES_API) {
      return addresses.withFallback(kubernetes());
    }
    return addresses;
  }

  /** The resolved {@code kubernetes.conf}: Cluster Bootstrap, kubernetes-api discovery, SBR. */
  public static Config kubernetes() {
    // resolve() takes ${?VAR} from the environment.
    return ConfigFactory.parseResources(ClusterSettings.class.getClassLoader(), "kubernetes.conf")
        .resolve();
  }

  private static Config addresses(NodeSettings settings) {
    NodeSettings.ClusterAddress c = settings.cluster();
    List<String> seeds = c.discovery() == NodeSettings.Discovery.KUBERNETES_API
        ? List.of()
        : c.seedNodes().stream().map(ClusterSettings::seedAddress).toList();
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.remote.artery.canonical.hostname", c.host(),
            "pekko.remote.artery.canonical.port", c.port(),
            "pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds),
            "pekko.management.http.hostname", c.host(),
            "pekko.management.http.port", settings.ports().management(),
            "pekko.management.http.bind-hostname", settings.bind()));
  }

  static String seedAddress(HostPort hp) {
    return "pekko://" + SYSTEM_NAME + "@" + hp;
  }
}
