package io.switchboard.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_defaults_matchDocumentedPorts() {
    NodeSettings s = NodeSettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(s.domain().toString()).isEqualTo("localhost");
    assertThat(s.ports())
        .isEqualTo(new NodeSettings.Ports(5222, 5223, 5269, 5275, 5280, 7626));
    assertThat(s.cluster().port()).isEqualTo(7355);
    assertThat(s.cluster().seedNodes()).isEmpty();
    // Issue #23 F2: in-band registration is closed unless configured (it was open).
    assertThat(s.registration()).isEqualTo(NodeSettings.Registration.CLOSED);
  }

  @Test
  void fromConfig_inviteRegistration_read() {
    assertThat(NodeSettings.fromConfig(with("switchboard.registration = invite")).registration())
        .isEqualTo(NodeSettings.Registration.INVITE);
  }

  @Test
  void fromConfig_kubernetesDiscovery_usesBootstrapAndNoSeeds() {
    NodeSettings s = NodeSettings.fromConfig(with(
        "switchboard.cluster.discovery = kubernetes-api\nswitchboard.cluster.seed-nodes = \"10.0.0.1:7355\"\n"
            + "switchboard.cluster.tls.enabled = false"));
    assertThat(s.cluster().discovery()).isEqualTo(NodeSettings.Discovery.KUBERNETES_API);

    com.typesafe.config.Config pekko = io.switchboard.node.cluster.ClusterSettings.pekkoOverrides(s);
    assertThat(pekko.getStringList("pekko.cluster.seed-nodes")).isEmpty();
    assertThat(pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"))
        .isEqualTo("kubernetes-api");
    assertThat(pekko.getString("pekko.cluster.split-brain-resolver.active-strategy")).isNotEqualTo("auto-down");
  }

  @Test
  void fromConfig_unknownDiscovery_namesTheKey() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.cluster.discovery = dns")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.cluster.discovery:");
  }

  @Test
  void fromConfig_domainIsNormalised() {
    assertThat(NodeSettings.fromConfig(with("switchboard.domain = Example.COM")).domain().toString())
        .isEqualTo("example.com");
  }

  @Test
  void fromConfig_portOutOfRange_namesTheKey() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.ports.c2s = 70000")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("switchboard.ports.c2s: 70000 is not a TCP port (1-65535)");
  }

  @Test
  void fromConfig_portNotANumber_namesTheKey() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.ports.management = abc")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.ports.management: 'abc' is not a number");
  }

  @Test
  void fromConfig_invalidDomain_namesTheKey() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.domain = \"a@b/c\"")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.domain:");
  }

  @Test
  void fromConfig_seedNodes_parsed() {
    NodeSettings s =
        NodeSettings.fromConfig(with("switchboard.cluster.seed-nodes = \"127.0.0.1:7355, 10.0.0.2:7356\""));
    assertThat(s.cluster().seedNodes())
        .containsExactly(new HostPort("127.0.0.1", 7355), new HostPort("10.0.0.2", 7356));
  }

  @Test
  void fromConfig_badSeed_namesTheKey() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.cluster.seed-nodes = \"host-without-port\"")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.cluster.seed-nodes:");
  }

  @Test
  void fromConfig_unknownRegistrationMode_rejected() {
    assertThatThrownBy(() -> NodeSettings.fromConfig(with("switchboard.registration = maybe")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("switchboard.registration: 'maybe' is not open, invite or closed");
  }
}
