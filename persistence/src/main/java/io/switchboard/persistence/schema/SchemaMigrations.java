package io.switchboard.persistence.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.PersistenceException;
import io.switchboard.persistence.upload.UploadSchema;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned CQL schema of Switchboard, applied at start-up.
 *
 * <p>How several nodes starting at once stay safe:
 *
 * <ol>
 *   <li>V1 (keyspace, {@code schema_version}, {@code schema_lock}) runs every time: it is only
 *       {@code CREATE ... IF NOT EXISTS}, a no-op once the objects exist.
 *   <li>The node then takes a lease: {@code INSERT INTO schema_lock ... IF NOT EXISTS USING TTL}
 *       (a lightweight transaction). Only the winner runs DDL; the others wait and re-read. The
 *       TTL frees the lease if its holder dies.
 *   <li>Every pending migration runs in order and is recorded with an LWT
 *       {@code INSERT INTO schema_version ... IF NOT EXISTS}.
 *   <li>The lease is deleted ({@code IF owner = ?}).
 * </ol>
 *
 * Every statement is itself idempotent, so even a lease lost to a long pause cannot corrupt the
 * schema; the lease only keeps concurrent DDL (which Cassandra 5 handles badly) from happening.
 */
public final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final int LEASE_TTL_SECONDS = 120;
  private static final String LEASE = "migrations";

  private final CqlSession session;
  private final CassandraSettings settings;
  private final String ks;

  private SchemaMigrations(CqlSession session, CassandraSettings settings) {
    this.session = session;
    this.settings = settings;
    this.ks = settings.keyspace();
  }

  /** All migrations of this build, in order; V1 is the bootstrap run at every start. */
  public static List<Migration> all(CassandraSettings settings) {
    String ks = settings.keyspace();
    return List.of(
        new Migration(1, "keyspace, schema_version and schema_lock", List.of(
            "CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = " + settings.replication().toCql(),
            "CREATE TABLE IF NOT EXISTS " + ks + ".schema_version ("
                + "version int PRIMARY KEY, description text, applied_at timestamp, applied_by text)",
            "CREATE TABLE IF NOT EXISTS " + ks + ".schema_lock ("
                + "name text PRIMARY KEY, owner uuid, host text, acquired_at timestamp)")),
        new Migration(2, "accounts", List.of(
            "CREATE TABLE IF NOT EXISTS " + ks + ".accounts ("
                + "jid text PRIMARY KEY, "
                + "credentials map<text, frozen<tuple<blob, int, blob, blob>>>, "
                + "created_at timestamp, updated_at timestamp)")),
        new Migration(3, "offline messages", List.of(
            "CREATE TABLE IF NOT EXISTS " + ks + ".offline_messages ("
                + "owner text, id timeuuid, stamp timestamp, from_jid text, stanza text, "
                + "PRIMARY KEY ((owner), id)) WITH CLUSTERING ORDER BY (id ASC)")),
        new Migration(4, "message archive", List.of(
            "CREATE TABLE IF NOT EXISTS " + ks + ".archive_messages ("
                + "owner text, id timeuuid, stamp timestamp, with_jid text, direction text, stanza text, "
                + "PRIMARY KEY ((owner), id)) WITH CLUSTERING ORDER BY (id ASC)",
            "CREATE TABLE IF NOT EXISTS " + ks + ".archive_messages_by_with ("
                + "owner text, with_jid text, id timeuuid, stamp timestamp, direction text, stanza text, "
                + "PRIMARY KEY ((owner, with_jid), id)) WITH CLUSTERING ORDER BY (id ASC)")),
        new Migration(5, "pubsub items", List.of(
            "CREATE TABLE IF NOT EXISTS " + ks + ".pubsub_items ("
                + "service text, node text, item_id text, seq timeuuid, publisher text, payload text, stamp timestamp, "
                + "PRIMARY KEY ((service, node), item_id))",
            "CREATE TABLE IF NOT EXISTS " + ks + ".pubsub_items_by_time ("
                + "service text, node text, seq timeuuid, item_id text, "
                + "PRIMARY KEY ((service, node), seq)) WITH CLUSTERING ORDER BY (seq DESC)")),
        new Migration(6, "pekko-persistence-cassandra 1.1.0 journal and snapshot tables", List.of(
            // Exactly the tables CassandraJournalStatements / CassandraSnapshotStatements create
            // with tables-autocreate on (gc_grace_seconds and compaction as in its reference.conf).
            "CREATE TABLE IF NOT EXISTS " + ks + ".messages ("
                + "persistence_id text, partition_nr bigint, sequence_nr bigint, timestamp timeuuid, "
                + "timebucket text, writer_uuid text, ser_id int, ser_manifest text, event_manifest text, "
                + "event blob, meta_ser_id int, meta_ser_manifest text, meta blob, tags set<text>, "
                + "PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp)) "
                + "WITH gc_grace_seconds = 864000 "
                + "AND compaction = {'class': 'SizeTieredCompactionStrategy'}",
            "CREATE TABLE IF NOT EXISTS " + ks + ".metadata ("
                + "persistence_id text PRIMARY KEY, deleted_to bigint, properties map<text, text>)",
            "CREATE TABLE IF NOT EXISTS " + ks + ".all_persistence_ids (persistence_id text PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS " + ks + ".snapshots ("
                + "persistence_id text, sequence_nr bigint, timestamp bigint, ser_id int, ser_manifest text, "
                + "snapshot_data blob, snapshot blob, meta_ser_id int, meta_ser_manifest text, meta blob, "
                + "PRIMARY KEY (persistence_id, sequence_nr)) "
                + "WITH CLUSTERING ORDER BY (sequence_nr DESC) AND gc_grace_seconds = 864000 "
                + "AND compaction = {'class': 'SizeTieredCompactionStrategy'}")),
        new Migration(7, "HTTP API tokens", List.of(
            // By name: uniqueness (IF NOT EXISTS), listing and revocation.
            "CREATE TABLE IF NOT EXISTS " + ks + ".api_tokens ("
                + "name text PRIMARY KEY, hash blob, scopes set<text>, created_at timestamp)",
            // By SHA-256 of the secret: one key look-up per authenticated request.
            "CREATE TABLE IF NOT EXISTS " + ks + ".api_tokens_by_hash ("
                + "hash blob PRIMARY KEY, name text, scopes set<text>, created_at timestamp)")),
        new Migration(8, "multi-user chat room directory", List.of(
            // Every room of a service, spread over 16 partitions per service by a hash of the name.
            "CREATE TABLE IF NOT EXISTS " + ks + ".muc_rooms ("
                + "service text, bucket int, room text, name text, public boolean, persistent boolean, "
                + "creator text, created_at timestamp, PRIMARY KEY ((service, bucket), room))",
            // The public ones, for disco#items pages in name order (merged across the buckets).
            "CREATE TABLE IF NOT EXISTS " + ks + ".muc_public_rooms ("
                + "service text, bucket int, room text, name text, PRIMARY KEY ((service, bucket), room))",
            // Rooms by creator, for max-rooms-per-user.
            "CREATE TABLE IF NOT EXISTS " + ks + ".muc_rooms_by_creator ("
                + "creator text, service text, room text, PRIMARY KEY (creator, service, room))")),
        new Migration(9, "HTTP file upload (XEP-0363)", UploadSchema.statements(ks)),
        new Migration(10, "FAST tokens (XEP-0484)", List.of(
            // Per account and client (SASL2 user-agent id): SHA-256 keys of the current token and
            // of the one it replaced; rows carry a TTL of the token's lifetime.
            "CREATE TABLE IF NOT EXISTS " + ks + ".fast_tokens ("
                + "username text, client_id text, current_key blob, current_expiry timestamp, "
                + "previous_key blob, previous_expiry timestamp, account_stamp blob, count bigint, "
                + "PRIMARY KEY (username, client_id))")),
        new Migration(11, "accounts disabled by an administrator (XEP-0133)", List.of(
            // ADD IF NOT EXISTS is Cassandra 5's (the version Switchboard runs on); a null reads
            // as false (enabled).
            "ALTER TABLE " + ks + ".accounts ADD IF NOT EXISTS disabled boolean")),
        new Migration(12, "message of the day per domain (XEP-0133)", List.of(
            "CREATE TABLE IF NOT EXISTS " + ks + ".motd ("
                + "domain text PRIMARY KEY, body text, updated_at timestamp)")));
  }

  /** The highest version of this build. */
  public static int latestVersion(CassandraSettings settings) {
    List<Migration> all = all(settings);
    return all.get(all.size() - 1).version();
  }

  /**
   * Brings the keyspace up to {@link #latestVersion}; a no-op when it already is.
   *
   * @return the versions this call applied (empty when another node did, or nothing was due)
   */
  public static List<Integer> apply(CqlSession session, CassandraSettings settings) {
    return new SchemaMigrations(session, settings).run();
  }

  /** The versions recorded in {@code schema_version}. */
  public static Set<Integer> appliedVersions(CqlSession session, CassandraSettings settings) {
    return new SchemaMigrations(session, settings).applied();
  }

  private List<Integer> run() {
    List<Migration> migrations = all(settings);
    Migration bootstrap = migrations.get(0);
    bootstrap.statements().forEach(this::ddl);
    Set<Integer> applied = applied();
    if (applied.containsAll(migrations.stream().map(Migration::version).toList())) {
      log.debug("schema of keyspace {} is at version {}", ks, latestVersion(settings));
      return List.of();
    }
    UUID owner = UUID.randomUUID();
    acquireLease(owner);
    try {
      applied = applied();
      List<Integer> done = new java.util.ArrayList<>();
      for (Migration m : migrations) {
        if (applied.contains(m.version())) {
          continue;
        }
        log.info("applying schema migration V{} ({}) to keyspace {}", m.version(), m.description(), ks);
        if (m.version() != bootstrap.version()) {
          m.statements().forEach(this::ddl);
        }
        record(m);
        done.add(m.version());
      }
      return List.copyOf(done);
    } finally {
      releaseLease(owner);
    }
  }

  private Set<Integer> applied() {
    ResultSet rs = session.execute(SimpleStatement.newInstance("SELECT version FROM " + ks + ".schema_version")
        .setTimeout(settings.schemaTimeout()));
    Set<Integer> versions = new TreeSet<>();
    for (Row r : rs) {
      versions.add(r.getInt("version"));
    }
    return versions;
  }

  private void ddl(String cql) {
    try {
      session.execute(SimpleStatement.newInstance(cql).setTimeout(settings.schemaTimeout()));
    } catch (RuntimeException e) {
      throw new PersistenceException("schema statement failed (switchboard.cassandra.schema-timeout is "
          + settings.schemaTimeout().toSeconds() + " s): " + e.getMessage() + " — " + cql, e);
    }
  }

  private void record(Migration m) {
    session.execute(SimpleStatement.newInstance(
            "INSERT INTO " + ks + ".schema_version (version, description, applied_at, applied_by) "
                + "VALUES (?, ?, ?, ?) IF NOT EXISTS",
            m.version(), m.description(), Instant.now(), hostName())
        .setTimeout(settings.schemaTimeout()));
  }

  private void acquireLease(UUID owner) {
    long deadline = System.nanoTime() + settings.schemaTimeout().multipliedBy(6).toNanos();
    while (true) {
      Row r = session.execute(SimpleStatement.newInstance(
              "INSERT INTO " + ks + ".schema_lock (name, owner, host, acquired_at) VALUES (?, ?, ?, ?) "
                  + "IF NOT EXISTS USING TTL " + LEASE_TTL_SECONDS,
              LEASE, owner, hostName(), Instant.now())
          .setTimeout(settings.schemaTimeout())).one();
      if (r != null && r.getBoolean("[applied]")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new PersistenceException("schema migrations of keyspace " + ks + " are locked by "
            + (r == null ? "another node" : r.getString("host")) + " (" + ks + ".schema_lock) for too long");
      }
      log.info("another node is migrating keyspace {}; waiting", ks);
      try {
        Thread.sleep(Duration.ofSeconds(1).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PersistenceException("interrupted while waiting for the schema lock");
      }
    }
  }

  private void releaseLease(UUID owner) {
    try {
      session.execute(SimpleStatement.newInstance(
              "DELETE FROM " + ks + ".schema_lock WHERE name = ? IF owner = ?", LEASE, owner)
          .setTimeout(settings.schemaTimeout()));
    } catch (RuntimeException e) {
      log.warn("could not release the schema lock of {} (it expires by itself): {}", ks, e.toString());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
    } catch (UnknownHostException e) {
      return "pid " + ProcessHandle.current().pid();
    }
  }
}
