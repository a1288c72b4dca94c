package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F4: the cluster port speaks mutual TLS. Against a real node (dev-mode certificates in
 * its secrets directory), over real sockets: a process with the cluster's certificate joins; one
 * speaking plain Artery TCP and one with a certificate from another CA try to join first and
 * never become members.
 */
@ExtendWith(CassandraExtension.class)
class ClusterTlsIT {
  private static final Duration JOIN = Duration.ofSeconds(90);

  @Test
  void join_onlyWithTheClusterCertificate() throws Exception {
    List<ActorSystem<Void>> systems = new ArrayList<>();
    try (InProcessNode node = InProcessNode.start("cluster_tls_it", Map.of())) {
      Config nodeConfig = node.node().system().settings().config();
      int clusterPort = nodeConfig.getInt("switchboard.cluster.port");
      String seed = "pekko://" + ClusterSettings.SYSTEM_NAME + "@127.0.0.1:" + clusterPort;
      Path secrets = Path.of(nodeConfig.getString("switchboard.data-dir")).resolve("secrets");

      // Intruders first, so they had at least as long as the legitimate joiner.
      ActorSystem<Void> plain = joiner("plain", seed, ConfigFactory.parseMap(
          Map.of("pekko.remote.artery.transport", "tcp")));
      systems.add(plain);
      Path otherCa = Files.createTempDirectory(Path.of("target"), "other-ca-");
      ActorSystem<Void> foreign = joiner("foreign", seed, ClusterSettings.remoting(new ClusterTlsSettings(true,
          Optional.of(ClusterCertificates.ensure(otherCa, Clock.systemUTC())), otherCa, Duration.ofMinutes(5))));
      systems.add(foreign);
      ActorSystem<Void> member = joiner("member", seed, ClusterSettings.remoting(new ClusterTlsSettings(true,
          Optional.empty(), secrets, Duration.ofMinutes(5))));
      systems.add(member);

      Cluster cluster = Cluster.get(node.node().system());
      long deadline = System.nanoTime() + JOIN.toNanos();
      while (!upAddresses(cluster).contains(address(member)) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(upAddresses(cluster)).as("the joiner with the cluster certificate").contains(address(member));
      assertThat(allAddresses(cluster)).doesNotContain(address(plain), address(foreign));
      assertThat(Cluster.get(plain).selfMember().status()).isNotEqualTo(MemberStatus.up());
      assertThat(Cluster.get(foreign).selfMember().status()).isNotEqualTo(MemberStatus.up());
    } finally {
      for (ActorSystem<Void> s : systems) {
        s.terminate();
      }
    }
  }

  private static ActorSystem<Void> joiner(String name, String seed, Config remoting) {
    Config config = remoting.withFallback(ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", CassandraExtension.freePort(),
            "pekko.cluster.seed-nodes", List.of(seed),
            // As the node's (the join's configuration check compares it).
            "pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "pekko.coordinated-shutdown.exit-jvm", "off",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off")))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    return ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, config);
  }

  private static Address address(ActorSystem<?> s) {
    return Cluster.get(s).selfMember().address();
  }

  private static Set<Address> upAddresses(Cluster c) {
    return StreamSupport.stream(c.state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).map(Member::address).collect(Collectors.toSet());
  }

  private static Set<Address> allAddresses(Cluster c) {
    return StreamSupport.stream(c.state().getMembers().spliterator(), false)
        .map(Member::address).collect(Collectors.toSet());
  }
}
