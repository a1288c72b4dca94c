package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.persistence.schema.SchemaMigrations;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class PersistenceIT {
  private static final String KS = "persistence_it";

  @Test
  void start_twice_migratesOnceAndRecordsEveryVersion() {
    Config config = CassandraExtension.testConfig(KS);
    try (Persistence first = Persistence.start(config)) {
      assertThat(SchemaMigrations.appliedVersions(first.session(), first.settings()))
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      assertThat(first.embedded()).isEmpty();
      assertThat(first.contactPoints()).containsExactly(CassandraExtension.contactPoint());
    }
    try (Persistence second = Persistence.start(config)) {
      // Re-running is a no-op: nothing newly applied, the recorded rows are the first run's.
      assertThat(SchemaMigrations.apply(second.session(), second.settings())).isEmpty();
      assertThat(second.session().execute("SELECT count(*) FROM " + KS + ".schema_version").one().getLong(0))
          .isEqualTo(12);
      assertThat(second.session().execute("SELECT name FROM " + KS + ".schema_lock").all()).isEmpty();
    }
  }

  @Test
  void connect_migratedKeyspace_usesStoresWithoutMigrating() throws Exception {
    Config config = CassandraExtension.testConfig(KS);
    try (Persistence server = Persistence.start(config); Persistence cli = Persistence.connect(config)) {
      var user = io.switchboard.protocol.jid.Jids.bare("cli@example.org");
      cli.accounts().create(user, "secret").toCompletableFuture().get();
      assertThat(server.accounts().exists(user).toCompletableFuture().get()).isTrue();
    }
  }

  @Test
  void connect_keyspaceNeverMigrated_failsNamingTheKeyspace() {
    Config config = CassandraExtension.testConfig("never_migrated_it");
    assertThatThrownBy(() -> Persistence.connect(config))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("never_migrated_it")
        .hasMessageContaining("switchboard.cassandra.keyspace");
  }

  @Test
  void connect_nothingListening_failsNamingThePortKey() {
    int port = CassandraExtension.freePort();
    Config config = CassandraExtension.testConfig(KS)
        .withValue("switchboard.cassandra.contact-points", ConfigValueFactory.fromAnyRef(""))
        .withValue("switchboard.cassandra.embedded.port", ConfigValueFactory.fromAnyRef(port));
    assertThatThrownBy(() -> Persistence.connect(config))
        .isInstanceOf(PersistenceException.class)
        .hasMessageStartingWith("no Cassandra at 127.0.0.1:" + port + " — is a node running?")
        .hasMessageContaining("switchboard.cassandra.embedded.port")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void start_unreachableExternalCassandra_failsNamingContactPoints() {
    int port = CassandraExtension.freePort();
    Config config = CassandraExtension.testConfig(KS)
        .withValue("switchboard.cassandra.contact-points", ConfigValueFactory.fromAnyRef("127.0.0.1:" + port))
        .withValue("switchboard.cassandra.connect-timeout", ConfigValueFactory.fromAnyRef("2s"));
    assertThatThrownBy(() -> Persistence.start(config))
        .isInstanceOf(PersistenceException.class)
        .hasMessageStartingWith("switchboard.cassandra.contact-points: no Cassandra answered at 127.0.0.1:" + port)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void pekkoPersistenceConfig_pointsThePluginAtOurKeyspaceWithAutocreateOff() {
    try (Persistence p = Persistence.start(CassandraExtension.testConfig(KS))) {
      Config c = p.pekkoPersistenceConfig();
      assertThat(c.getString("pekko.persistence.cassandra.journal.keyspace")).isEqualTo(KS);
      assertThat(c.getString("pekko.persistence.cassandra.snapshot.keyspace")).isEqualTo(KS);
      assertThat(c.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate")).isFalse();
      assertThat(c.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate")).isFalse();
      assertThat(c.getBoolean("pekko.persistence.cassandra.snapshot.tables-autocreate")).isFalse();
      assertThat(c.getBoolean("pekko.persistence.cassandra.events-by-tag.enabled")).isFalse();
      assertThat(c.getStringList("datastax-java-driver.basic.contact-points"))
          .isEqualTo(List.of(CassandraExtension.contactPoint()));
      assertThat(c.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"))
          .isEqualTo("datacenter1");
    }
  }
}
