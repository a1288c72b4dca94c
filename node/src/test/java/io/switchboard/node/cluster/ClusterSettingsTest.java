package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failover settings of kubernetes.conf (issue #25). */
class ClusterSettingsTest {
  private static Config k8s(String strategy) {
    return ConfigFactory.parseResources(ClusterSettings.class.getClassLoader(), "kubernetes.conf")
        .withValue("pekko.cluster.split-brain-resolver.active-strategy",
            com.typesafe.config.ConfigValueFactory.fromAnyRef(strategy))
        .resolve();
  }

  @Test
  void keepMajority_keepsTheShortRemovalMargin() {
    Config c = ClusterSettings.withLeaseMajorityMargin(k8s("keep-majority"), false);
    assertThat(c.getDuration("pekko.cluster.down-removal-margin")).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void leaseMajority_marginCoversTheMinoritysLeaseAttempt() {
    Config c = ClusterSettings.withLeaseMajorityMargin(k8s("lease-majority"), false);
    // acquire-lease-delay-for-minority (2 s) + lease-operation-timeout (5 s) + the 2 s of keep-majority
    assertThat(c.getDuration("pekko.cluster.down-removal-margin")).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void leaseMajority_explicitMarginWins() {
    Config c = ClusterSettings.withLeaseMajorityMargin(k8s("lease-majority"), true);
    assertThat(c.getDuration("pekko.cluster.down-removal-margin")).isEqualTo(Duration.ofSeconds(2));
  }
}
