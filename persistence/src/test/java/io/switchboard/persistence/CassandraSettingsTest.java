package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
  }

  private static CassandraSettings settings(String hocon) {
    return CassandraSettings.fromConfig(with(hocon));
  }

  @Test
  void fromConfig_defaults_embeddedSingleNode() {
    CassandraSettings s = settings("switchboard.data-dir = /srv/sb");
    assertThat(s.embeddedMode()).isTrue();
    assertThat(s.datacenter()).isEqualTo("datacenter1");
    assertThat(s.credentials()).isEmpty();
    assertThat(s.keyspace()).isEqualTo("switchboard");
    assertThat(s.replication()).isEqualTo(CassandraSettings.Replication.simple(1));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.schemaTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.maxRequestsPerConnection()).isEqualTo(8192);
    assertThat(s.embedded().port()).isEqualTo(9042);
    assertThat(s.embedded().storagePort()).isEqualTo(7000);
    assertThat(s.embedded().dir()).isEqualTo(Path.of("/srv/sb/cassandra"));
    assertThat(s.embedded().libDir()).isEmpty();
    assertThat(s.embedded().maxHeap()).isEqualTo("1g");
    assertThat(s.embedded().startTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(s.offline().maxPerUser()).isEqualTo(1000);
    assertThat(s.offline().ttl()).isZero();
  }

  @Test
  void fromConfig_contactPoints_parsedInOrder() {
    CassandraSettings s = settings("switchboard.cassandra.contact-points = \" cass1:9042, 10.0.0.2:9142,[::1]:9042\"");
    assertThat(s.embeddedMode()).isFalse();
    assertThat(s.contactPointStrings()).containsExactly("cass1:9042", "10.0.0.2:9142", "[::1]:9042");
  }

  @Test
  void fromConfig_contactPointWithoutPort_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.contact-points = \"cass1\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switchboard.cassandra.contact-points: 'cass1' is not host:port");
  }

  @Test
  void fromConfig_contactPointBadPort_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.contact-points = \"x:y\""))
        .hasMessage("switchboard.cassandra.contact-points: 'x:y' is not host:port");
    assertThatThrownBy(() -> settings("switchboard.cassandra.contact-points = \"a:9042,b:70000\""))
        .hasMessage("switchboard.cassandra.contact-points: 'b:70000' is not host:port");
  }

  @Test
  void fromConfig_badEmbeddedPort_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.embedded.port = 0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switchboard.cassandra.embedded.port: '0' is not a port (1-65535)");
    assertThatThrownBy(() -> settings("switchboard.cassandra.embedded.storage-port = abc"))
        .hasMessageStartingWith("switchboard.cassandra.embedded.storage-port: 'abc'");
  }

  @Test
  void fromConfig_maxRequestsOutsideTheProtocolsRange_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.max-requests-per-connection = 40000"))
        .hasMessageStartingWith("switchboard.cassandra.max-requests-per-connection: 40000 is not in 1..32768");
    assertThatThrownBy(() -> settings("switchboard.cassandra.max-requests-per-connection = 0"))
        .hasMessageStartingWith("switchboard.cassandra.max-requests-per-connection:");
  }

  @Test
  void driverConfigs_carryTheRequestLimit() {
    CassandraSettings s = settings("switchboard.cassandra.max-requests-per-connection = 2048");
    assertThat(SessionFactory.configLoader(s, Duration.ofSeconds(5)).getInitialConfig().getDefaultProfile()
        .getInt(com.datastax.oss.driver.api.core.config.DefaultDriverOption.CONNECTION_MAX_REQUESTS)).isEqualTo(2048);
    assertThat(PekkoPersistenceConfig.build(s, java.util.List.of("127.0.0.1:9042"))
        .getInt("datastax-java-driver.advanced.connection.max-requests-per-connection")).isEqualTo(2048);
  }

  @Test
  void fromConfig_samePortTwice_namesStoragePort() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.embedded { port = 9042, storage-port = 9042 }"))
        .hasMessageStartingWith("switchboard.cassandra.embedded.storage-port:");
  }

  @Test
  void fromConfig_unknownStrategy_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.replication.strategy = Everywhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("switchboard.cassandra.replication.strategy: 'Everywhere'");
  }

  @Test
  void fromConfig_simpleFactorZero_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.replication.factor = 0"))
        .hasMessageStartingWith("switchboard.cassandra.replication.factor:");
  }

  @Test
  void fromConfig_networkTopologyWithoutDatacenters_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.replication.strategy = NetworkTopologyStrategy"))
        .hasMessageStartingWith("switchboard.cassandra.replication.datacenters:");
  }

  @Test
  void fromConfig_badDatacenterList_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.replication { strategy = NetworkTopologyStrategy, "
        + "datacenters = \"dc1:3,dc2\" }"))
        .hasMessage("switchboard.cassandra.replication.datacenters: 'dc2' is not datacenter:factor (e.g. \"dc1:3,dc2:3\")");
  }

  @Test
  void fromConfig_networkTopology_rendersCqlPerDatacenter() {
    CassandraSettings s = settings("switchboard.cassandra.replication { strategy = NetworkTopologyStrategy, "
        + "datacenters = \"eu-west:3, us-east:2\" }");
    assertThat(s.replication().datacenters()).isEqualTo(Map.of("eu-west", 3, "us-east", 2));
    assertThat(s.replication().toCql())
        .isEqualTo("{'class': 'NetworkTopologyStrategy', 'eu-west': 3, 'us-east': 2}");
  }

  @Test
  void replication_simple_rendersCql() {
    assertThat(CassandraSettings.Replication.simple(3).toCql())
        .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 3}");
  }

  @Test
  void fromConfig_badKeyspace_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.keyspace = \"drop table\""))
        .hasMessageStartingWith("switchboard.cassandra.keyspace: 'drop table'");
  }

  @Test
  void fromConfig_credentials_passwordNeverPrinted() {
    CassandraSettings s = settings("switchboard.cassandra { username = app, password = s3cret }");
    assertThat(s.credentials()).hasValueSatisfying(c -> {
      assertThat(c.username()).isEqualTo("app");
      assertThat(c.password()).isEqualTo("s3cret");
    });
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void fromConfig_badDuration_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.request-timeout = soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request-timeout");
    assertThatThrownBy(() -> settings("switchboard.cassandra.schema-timeout = 0s"))
        .hasMessage("switchboard.cassandra.schema-timeout: PT0S must be positive");
  }

  @Test
  void fromConfig_offlineLimits_readAndValidated() {
    CassandraSettings s = settings("switchboard.cassandra.offline { max-per-user = 0, ttl = 7d }");
    assertThat(s.offline().maxPerUser()).isZero();
    assertThat(s.offline().ttl()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> settings("switchboard.cassandra.offline.max-per-user = -1"))
        .hasMessageStartingWith("switchboard.cassandra.offline.max-per-user:");
  }

  @Test
  void fromConfig_badHeap_namesTheKey() {
    assertThatThrownBy(() -> settings("switchboard.cassandra.embedded.max-heap = lots"))
        .hasMessageStartingWith("switchboard.cassandra.embedded.max-heap: 'lots'");
  }
}
