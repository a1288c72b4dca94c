package io.switchboard.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.persistence.archive.ArchiveStore;
import io.switchboard.persistence.embedded.EmbeddedCassandra;
import io.switchboard.persistence.offline.OfflineStore;
import io.switchboard.persistence.schema.SchemaMigrations;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence layer of one process: the Cassandra session, the stores, and (in dev mode) the
 * embedded Cassandra it launched.
 *
 * <ul>
 *   <li>{@link #start(Config)} is for the server: it launches the embedded Cassandra when no contact
 *       points are configured, connects, and migrates the schema.
 *   <li>{@link #connect(Config)} is for CLI tools run beside a server: it only connects.
 * </ul>
 */
public final class Persistence implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Persistence.class);
  private static final Duration CLI_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final CassandraSettings settings;
  private final CqlSession session;
  private final Optional<EmbeddedCassandra> embedded;
  private final List<String> contactPoints;
  private final AccountStore accounts;
  private final OfflineStore offline;
  private final ArchiveStore archive;
  private boolean closed;

  private Persistence(CassandraSettings settings, CqlSession session, Optional<EmbeddedCassandra> embedded,
      List<String> contactPoints) {
    this.settings = settings;
    this.session = session;
    this.embedded = embedded;
    this.contactPoints = List.copyOf(contactPoints);
    this.accounts = AccountStore.cassandra(session, settings);
    this.offline = OfflineStore.cassandra(session, settings);
    this.archive = ArchiveStore.cassandra(session, settings);
  }

  /**
   * Starts the persistence layer of a server: launches the embedded Cassandra if
   * {@code switchboard.cassandra.contact-points} is empty, connects, applies the schema migrations
   * and prepares the stores.
   *
   * @throws IllegalArgumentException a setting is invalid (the message names the key)
   * @throws PersistenceException Cassandra cannot be launched or reached (one-line message)
   */
  public static Persistence start(Config root) {
    CassandraSettings settings = CassandraSettings.fromConfig(root);
    Optional<EmbeddedCassandra> embedded = Optional.empty();
    List<InetSocketAddress> points = settings.contactPoints();
    String failure = "switchboard.cassandra.contact-points: no Cassandra answered at "
        + String.join(",", settings.contactPointStrings()) + " within " + settings.connectTimeout().toSeconds() + " s";
    if (settings.embeddedMode()) {
      CassandraSettings.Embedded e = settings.embedded();
      embedded = Optional.of(EmbeddedCassandra.start(new EmbeddedCassandra.Options(
          e.dir(), e.port(), e.storagePort(), e.libDir().orElse(null), e.javaHome(), e.maxHeap(), e.startTimeout())));
      settings = settings.withCredentials(embedded.get().credentials());
      publishCredentials(embedded.get(), settings.credentialsFile());
      points = List.of(new InetSocketAddress("127.0.0.1", e.port()));
      failure = "the embedded Cassandra on 127.0.0.1:" + e.port() + " does not accept a session";
    }
    try {
      CqlSession session = SessionFactory.open(settings, points, settings.connectTimeout(), failure);
      try {
        List<Integer> applied = SchemaMigrations.apply(session, settings);
        if (!applied.isEmpty()) {
          log.info("keyspace {} migrated: applied {}", settings.keyspace(), applied);
        }
        return new Persistence(settings, session, embedded, strings(points));
      } catch (RuntimeException ex) {
        session.close();
        throw ex;
      }
    } catch (RuntimeException ex) {
      embedded.ifPresent(EmbeddedCassandra::close);
      throw ex;
    }
  }

  /**
   * Connects to a running Cassandra for a CLI tool: the contact points, or the embedded
   * Cassandra's port on 127.0.0.1 when none are set. Launches nothing and migrates nothing; waits
   * about 5 s at most.
   *
   * @throws PersistenceException nothing answers, e.g. "no Cassandra at 127.0.0.1:9042 — is a node
   *     running? (switchboard.cassandra.embedded.port)"
   */
  public static Persistence connect(Config root) {
    CassandraSettings settings = CassandraSettings.fromConfig(root);
    List<InetSocketAddress> points;
    String failure;
    if (settings.embeddedMode()) {
      if (settings.credentials().isEmpty()) {
        throw new PersistenceException("no credentials for the embedded Cassandra in " + settings.credentialsFile()
            + " — is a node running with this data directory? (switchboard.data-dir, switchboard.secrets-dir)");
      }
      points = List.of(new InetSocketAddress("127.0.0.1", settings.embedded().port()));
      failure = "no Cassandra at 127.0.0.1:" + settings.embedded().port()
          + " — is a node running? (switchboard.cassandra.embedded.port)";
    } else {
      points = settings.contactPoints();
      failure = "no Cassandra at " + String.join(",", settings.contactPointStrings())
          + " (switchboard.cassandra.contact-points)";
    }
    CqlSession session = SessionFactory.open(settings, points, CLI_CONNECT_TIMEOUT, failure);
    try {
      if (!SchemaMigrations.appliedVersions(session, settings).contains(SchemaMigrations.latestVersion(settings))) {
        throw new PersistenceException("keyspace " + settings.keyspace() + " has not been migrated to schema V"
            + SchemaMigrations.latestVersion(settings) + "; start a node first (switchboard.cassandra.keyspace)");
      }
      return new Persistence(settings, session, Optional.empty(), strings(points));
    } catch (PersistenceException e) {
      session.close();
      throw e;
    } catch (RuntimeException e) {
      session.close();
      throw new PersistenceException("keyspace " + settings.keyspace() + " is not usable: "
          + SessionFactory.oneLine(e) + " (switchboard.cassandra.keyspace)", e);
    }
  }

  /**
   * Copies the embedded Cassandra's credentials (kept with its data, which they unlock) to the
   * secrets directory, where the CLI and the other nodes of {@code ./switchboard cluster N} look.
   */
  private static void publishCredentials(EmbeddedCassandra cassandra, java.nio.file.Path copy) {
    try {
      java.nio.file.Path own = cassandra.credentialsFile();
      if (own.equals(copy.toAbsolutePath().normalize())) {
        return;
      }
      byte[] content = java.nio.file.Files.readAllBytes(own);
      if (java.nio.file.Files.isRegularFile(copy)
          && java.util.Arrays.equals(java.nio.file.Files.readAllBytes(copy), content)) {
        return;
      }
      io.switchboard.persistence.local.SecretFiles.privateDir(copy.toAbsolutePath().getParent());
      io.switchboard.persistence.local.SecretFiles.writePrivate(copy, content);
    } catch (java.io.IOException e) {
      throw new PersistenceException("cannot write the Cassandra credentials to " + copy + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(List<InetSocketAddress> points) {
    return points.stream().map(CassandraSettings::hostPort).toList();
  }

  public CqlSession session() {
    return session;
  }

  public CassandraSettings settings() {
    return settings;
  }

  public AccountStore accounts() {
    return accounts;
  }

  public OfflineStore offline() {
    return offline;
  }

  public ArchiveStore archive() {
    return archive;
  }

  /** The Cassandra this process launched, if it did. */
  public Optional<EmbeddedCassandra> embedded() {
    return embedded;
  }

  /** The contact points this session uses, as "host:port". */
  public List<String> contactPoints() {
    return contactPoints;
  }

  /**
   * Configuration to layer over the ActorSystem's ({@code pekkoPersistenceConfig().withFallback(
   * config)}): pekko-persistence-cassandra's journal and snapshot store on the same contact points,
   * datacenter, credentials and keyspace, with auto-creation off and events-by-tag disabled. It also
   * makes them the default journal and snapshot plugins.
   */
  public com.typesafe.config.Config pekkoPersistenceConfig() {
    return PekkoPersistenceConfig.build(settings, contactPoints);
  }

  /** Closes the session, then stops the embedded Cassandra, if any. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } finally {
      embedded.ifPresent(EmbeddedCassandra::close);
    }
  }
}
