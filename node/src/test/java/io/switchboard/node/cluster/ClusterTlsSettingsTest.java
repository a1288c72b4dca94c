package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTlsSettingsTest {
  @TempDir Path dir;

  private Config with(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseMap(java.util.Map.of("switchboard.secrets-dir", dir.toString())))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_default_onWithGeneratedFiles() {
    ClusterTlsSettings s = ClusterTlsSettings.fromConfig(with(""));
    assertThat(s.enabled()).isTrue();
    assertThat(s.files()).isEmpty();
    assertThat(s.secretsDir()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void fromConfig_someFilesOnly_namesTheMissingOne() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(() -> ClusterTlsSettings.fromConfig(with("switchboard.cluster.tls.cert-file = \"" + cert + "\"")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.cluster.tls.key-file");
    assertThatThrownBy(() -> ClusterTlsSettings.fromConfig(with("switchboard.cluster.tls.ca-file = \"/nonexistent\"")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("switchboard.cluster.tls.ca-file");
  }

  @Test
  void ensure_generatesOnceOwnerOnly_andRemotingUsesThem() throws Exception {
    ClusterTlsSettings.PemFiles first = ClusterCertificates.ensure(dir, Clock.systemUTC());
    byte[] cert = Files.readAllBytes(first.cert());
    ClusterTlsSettings.PemFiles again = ClusterCertificates.ensure(dir, Clock.systemUTC());
    assertThat(Files.readAllBytes(again.cert())).isEqualTo(cert);
    for (Path p : new Path[] {first.cert(), first.key(), first.ca()}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
    }
    assertThat(Files.readString(first.key())).startsWith("-----BEGIN PRIVATE KEY-----");

    Config pekko = ClusterSettings.remoting(ClusterTlsSettings.fromConfig(with("")));
    assertThat(pekko.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    assertThat(pekko.getString("pekko.remote.artery.ssl.rotating-keys-engine.ca-cert-file"))
        .isEqualTo(first.ca().toString());
    assertThat(ClusterSettings.remoting(ClusterTlsSettings.fromConfig(with("switchboard.cluster.tls.enabled = false")))
        .getString("pekko.remote.artery.transport")).isEqualTo("tcp");
  }
}
