package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #23 F4: the cluster certificate the chart generates (Helm's genCA / genSignedCert) is one
 * Pekko's mutual-TLS engine accepts, as the node configures it (ClusterSettings): two actor systems
 * using the rendered tls.crt, tls.key and ca.crt form a cluster over tls-tcp on loopback.
 */
class ClusterTlsSecretTest {
  @TempDir Path dir;

  @Test
  void generatedSecret_formsAClusterOverMutualTls() throws Exception {
    Secret secret = ChartRenderTest.workload(ValueSet.DEFAULTS).named(Secret.class, "sb-switchboard-secrets")
        .orElseThrow();
    Path cert = Files.writeString(dir.resolve("tls.crt"), secret.getStringData().get("tls.crt"));
    Path key = Files.writeString(dir.resolve("tls.key"), secret.getStringData().get("tls.key"));
    Path ca = Files.writeString(dir.resolve("ca.crt"), secret.getStringData().get("ca.crt"));
    int first = freePort();
    int second = freePort();
    String seed = "pekko://switchboard@127.0.0.1:" + first;
    List<ActorSystem<Void>> systems = new ArrayList<>();
    try {
      systems.add(node(first, seed, cert, key, ca));
      systems.add(node(second, seed, cert, key, ca));
      Cluster c = Cluster.get(systems.get(0));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (upCount(c) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(upCount(c)).as("members Up over tls-tcp with the chart's certificate").isEqualTo(2);
    } finally {
      systems.forEach(ActorSystem::terminate);
    }
  }

  private static long upCount(Cluster c) {
    return java.util.stream.StreamSupport.stream(c.state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  /** The remoting settings the node derives from SWITCHBOARD_CLUSTER_TLS_* (ClusterSettings.remoting). */
  private static ActorSystem<Void> node(int port, String seed, Path cert, Path key, Path ca) {
    String engine = "pekko.remote.artery.ssl.rotating-keys-engine.";
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.actor.provider", "cluster");
    m.put("pekko.remote.artery.transport", "tls-tcp");
    m.put("pekko.remote.artery.ssl.ssl-engine-provider",
        "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider");
    m.put(engine + "cert-file", cert.toString());
    m.put(engine + "key-file", key.toString());
    m.put(engine + "ca-cert-file", ca.toString());
    m.put(engine + "protocol", "TLSv1.3");
    m.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    m.put("pekko.remote.artery.canonical.port", port);
    m.put("pekko.cluster.seed-nodes", List.of(seed));
    m.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    Config config = ConfigFactory.parseMap(m).withFallback(ConfigFactory.defaultReference()).resolve();
    return ActorSystem.create(Behaviors.empty(), "switchboard", config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
