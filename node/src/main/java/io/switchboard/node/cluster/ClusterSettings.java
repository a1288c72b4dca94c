package io.switchboard.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.node.config.HostPort;
import io.switchboard.node.config.NodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the node's settings into the Pekko settings for remoting, seeds and management. */
public final class ClusterSettings {
  /** The ActorSystem name; every node of one cluster must use the same. */
  public static final String SYSTEM_NAME = "switchboard";
  private static final Logger log = LoggerFactory.getLogger(ClusterSettings.class);

  private ClusterSettings() {}

  /**
   * The Pekko settings the node's own settings decide. With Kubernetes discovery, the classpath's
   * {@code kubernetes.conf} (resolved against the environment) comes first, and no seed nodes.
   */
  public static Config pekkoOverrides(NodeSettings settings) {
    Config addresses = addresses(settings).withFallback(remoting(settings.clusterTls()));
    if (settings.cluster().discovery() == NodeSettings.Discovery.KUBERNETES_API) {
      return addresses.withFallback(kubernetes());
    }
    return addresses;
  }

  /** The resolved {@code kubernetes.conf}: Cluster Bootstrap, kubernetes-api discovery, SBR. */
  public static Config kubernetes() {
    // resolve() takes ${?VAR} from the environment.
    Config k8s = ConfigFactory.parseResources(ClusterSettings.class.getClassLoader(), "kubernetes.conf").resolve();
    return withLeaseMajorityMargin(k8s, System.getenv("SWITCHBOARD_DOWN_REMOVAL_MARGIN") != null);
  }

  /**
   * The removal margin under lease-majority (issue #25), unless set explicitly: the side that loses
   * the lease downs itself (and stops its entities) only after Pekko's
   * {@code acquire-lease-delay-for-minority} (2 s) and a refused lease request (at most
   * {@code lease-operation-timeout}, 5 s), later than under keep-majority, so shards must wait that
   * much longer before they start on the side that won.
   */
  static final java.time.Duration LEASE_MAJORITY_REMOVAL_MARGIN = java.time.Duration.ofSeconds(9);

  static Config withLeaseMajorityMargin(Config k8s, boolean marginSetExplicitly) {
    if (marginSetExplicitly
        || !"lease-majority".equals(k8s.getString("pekko.cluster.split-brain-resolver.active-strategy"))) {
      return k8s;
    }
    return k8s.withValue("pekko.cluster.down-removal-margin",
        ConfigValueFactory.fromAnyRef(LEASE_MAJORITY_REMOVAL_MARGIN.toMillis() + "ms"));
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

  /**
   * Artery's transport: {@code tls-tcp} with mutual TLS (Pekko's rotating-keys engine, which
   * reads the PEM files again every {@code reload-after} and also checks that the peer's
   * certificate names a subject of our own), or plain {@code tcp} when cluster TLS is off.
   */
  static Config remoting(ClusterTlsSettings tls) {
    if (!tls.enabled()) {
      log.warn("Cluster TLS is off (switchboard.cluster.tls.enabled): anyone who reaches the cluster port "
          + "can join the cluster and send it messages");
      return ConfigFactory.parseMap(Map.of("pekko.remote.artery.transport", "tcp"));
    }
    ClusterTlsSettings.PemFiles files;
    try {
      files = tls.files().isPresent() ? tls.files().get()
          : ClusterCertificates.ensure(tls.secretsDir(), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    String engine = "pekko.remote.artery.ssl.rotating-keys-engine.";
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.remote.artery.transport", "tls-tcp");
    m.put("pekko.remote.artery.ssl.ssl-engine-provider",
        "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider");
    m.put(engine + "cert-file", files.cert().toString());
    m.put(engine + "key-file", files.key().toString());
    m.put(engine + "ca-cert-file", files.ca().toString());
    m.put(engine + "ssl-context-cache-ttl", tls.reloadAfter().toMillis() + "ms");
    m.put(engine + "protocol", "TLSv1.3");
    m.put(engine + "enabled-algorithms", List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"));
    log.info("Cluster remoting over mutual TLS with certificate {} (CA {})", files.cert(), files.ca());
    return ConfigFactory.parseMap(m);
  }

  static String seedAddress(HostPort hp) {
    return "pekko://" + SYSTEM_NAME + "@" + hp;
  }
}
