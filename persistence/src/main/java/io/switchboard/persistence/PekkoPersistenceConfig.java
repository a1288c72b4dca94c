package io.switchboard.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration that points pekko-persistence-cassandra 1.1.0 (journal and snapshot store) at
 * the same Cassandra, datacenter, credentials and keyspace as the stores. Keyspace and table
 * auto-creation are off (our migration V6 creates the tables) and events-by-tag is disabled.
 */
final class PekkoPersistenceConfig {
  private PekkoPersistenceConfig() {}

  static Config build(CassandraSettings s, List<String> contactPoints) {
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.persistence.journal.plugin", "pekko.persistence.cassandra.journal");
    m.put("pekko.persistence.snapshot-store.plugin", "pekko.persistence.cassandra.snapshot");
    String p = "pekko.persistence.cassandra.";
    for (String part : List.of("journal.", "snapshot.")) {
      m.put(p + part + "keyspace", s.keyspace());
      m.put(p + part + "keyspace-autocreate", false);
      m.put(p + part + "tables-autocreate", false);
    }
    m.put(p + "journal.table", "messages");
    m.put(p + "journal.metadata-table", "metadata");
    m.put(p + "journal.all-persistence-ids-table", "all_persistence_ids");
    m.put(p + "snapshot.table", "snapshots");
    m.put(p + "events-by-tag.enabled", false);
    String d = "datastax-java-driver.";
    m.put(d + "basic.contact-points", ConfigValueFactory.fromIterable(contactPoints));
    m.put(d + "basic.load-balancing-policy.local-datacenter", s.datacenter());
    m.put(d + "basic.request.timeout", s.requestTimeout().toMillis() + "ms");
    m.put(d + "advanced.connection.max-requests-per-connection", s.maxRequestsPerConnection());
    m.put(d + "advanced.reconnect-on-init", true);
    s.credentials().ifPresent(c -> {
      m.put(d + "advanced.auth-provider.class", "PlainTextAuthProvider");
      m.put(d + "advanced.auth-provider.username", c.username());
      m.put(d + "advanced.auth-provider.password", c.password());
    });
    return ConfigFactory.parseMap(m, "switchboard persistence (pekko-persistence-cassandra)");
  }
}
