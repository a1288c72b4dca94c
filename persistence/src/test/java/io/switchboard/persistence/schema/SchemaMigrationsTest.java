package io.switchboard.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.CassandraSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
  private static final CassandraSettings SETTINGS = CassandraSettings.fromConfig(ConfigFactory.parseString(
          "switchboard.cassandra { keyspace = sb_test, replication { strategy = NetworkTopologyStrategy, "
              + "datacenters = \"dc1:3\" } }")
      .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve());

  @Test
  void all_versionsStartAtOneAndIncreaseByOne() {
    List<Migration> all = SchemaMigrations.all(SETTINGS);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).version()).isEqualTo(i + 1);
    }
    assertThat(SchemaMigrations.latestVersion(SETTINGS)).isEqualTo(12);
  }

  @Test
  void all_everyStatementIsIdempotentAndInTheKeyspace() {
    SchemaMigrations.all(SETTINGS).stream().flatMap(m -> m.statements().stream()).forEach(cql -> {
      assertThat(cql).containsPattern(
          "^(CREATE (KEYSPACE|TABLE) IF NOT EXISTS sb_test[ .]|ALTER TABLE sb_test\\.\\w+ ADD IF NOT EXISTS )");
    });
  }

  @Test
  void v1_createsTheKeyspaceWithTheConfiguredReplication() {
    assertThat(SchemaMigrations.all(SETTINGS).get(0).statements().get(0))
        .isEqualTo("CREATE KEYSPACE IF NOT EXISTS sb_test WITH replication = "
            + "{'class': 'NetworkTopologyStrategy', 'dc1': 3}");
  }

  @Test
  void v6_hasThePluginTablesUnderThePluginsNames() {
    assertThat(SchemaMigrations.all(SETTINGS).get(5).statements())
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS sb_test.messages (")
            .contains("PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))"))
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS sb_test.metadata ("))
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS sb_test.all_persistence_ids ("))
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS sb_test.snapshots (")
            .contains("CLUSTERING ORDER BY (sequence_nr DESC)"));
  }
}
