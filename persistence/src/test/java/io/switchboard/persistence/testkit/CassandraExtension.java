package io.switchboard.persistence.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.embedded.EmbeddedCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded Cassandra per test JVM, shared by every test class that uses
 * {@code @ExtendWith(CassandraExtension.class)}. It listens on free loopback ports, keeps its data
 * in a fresh directory under {@code target/}, and stops when the root test context closes (or, at
 * the latest, at JVM exit).
 *
 * <p>With {@code -Dswitchboard.test.cassandra=docker} the same tests run against Cassandra in a
 * container of the local image instead ({@link CassandraInDocker}); they are skipped where no
 * Docker daemon answers (see {@link Docker}). The persistence module runs its store ITs once
 * that way; the embedded launcher stays the default everywhere else.
 *
 * <p>Give each test class its own keyspace: {@code Persistence.start(testConfig("my_test"))}.
 */
public final class CassandraExtension implements BeforeAllCallback, ExecutionCondition {
  /** System property choosing where the shared Cassandra runs: {@code embedded} (default) or {@code docker}. */
  public static final String MODE_PROPERTY = "switchboard.test.cassandra";
  private static final String KEY = CassandraExtension.class.getName();
  private static Shared shared;

  /** In docker mode, a class is reported skipped where no Docker daemon answers (see {@link RequiresDocker}). */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return inDocker() ? RequiresDocker.evaluate() : ConditionEvaluationResult.enabled("embedded Cassandra");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (inDocker()) {
      Docker.assumeAvailable(); // skips the class here (or fails it in CI) rather than erroring later
    }
    Shared s = instance();
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(KEY, k -> s);
  }

  /** "127.0.0.1:port" of the shared Cassandra (started on first use). */
  public static String contactPoint() {
    Shared s = instance();
    return s.docker != null ? s.docker.contactPoint() : s.cassandra.contactPoint();
  }

  /** The shared embedded Cassandra itself (not in docker mode). */
  public static EmbeddedCassandra cassandra() {
    Shared s = instance();
    if (s.cassandra == null) {
      throw new IllegalStateException("the shared Cassandra runs in a container (" + MODE_PROPERTY + "=docker)");
    }
    return s.cassandra;
  }

  private static boolean inDocker() {
    String mode = System.getProperty(MODE_PROPERTY, "embedded");
    if (!mode.equals("embedded") && !mode.equals("docker")) {
      throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or docker, not " + mode);
    }
    return mode.equals("docker");
  }

  /**
   * {@code ConfigFactory.load()} with {@code switchboard.cassandra.contact-points} set to the
   * shared Cassandra, {@code switchboard.cassandra.keyspace} to {@code keyspace}, and the embedded
   * Cassandra's generated credentials (it requires a login; the container image does not).
   */
  public static Config testConfig(String keyspace) {
    Shared s = instance();
    Map<String, Object> settings = new java.util.HashMap<>(Map.of(
        "switchboard.cassandra.contact-points", contactPoint(),
        "switchboard.cassandra.keyspace", keyspace));
    if (s.cassandra != null) {
      var credentials = s.cassandra.credentials();
      settings.put("switchboard.cassandra.username", credentials.username());
      settings.put("switchboard.cassandra.password", credentials.password());
    }
    return ConfigFactory.parseMap(settings, "CassandraExtension").withFallback(ConfigFactory.load());
  }

  private static synchronized Shared instance() {
    if (shared == null || shared.closed) {
      shared = inDocker()
          ? new Shared(null, CassandraInDocker.start("cassandra-it", Duration.ofSeconds(240)))
          : new Shared(start(), null);
    }
    return shared;
  }

  private static EmbeddedCassandra start() {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path dir = Files.createTempDirectory(target, "embedded-cassandra-");
      int nativePort = freePort();
      int storagePort = freePort(); // never the same as nativePort: FreePorts hands out in sequence
      // 2g, not 1g: every test class adds a keyspace of ~20 tables, and with ~55 of them (about
      // 1,100 tables, each with its memtables and metrics) the last ITs of a full run met
      // "OutOfMemoryError: Java heap space" at 1g in the sixth session's CI.
      return EmbeddedCassandra.start(new EmbeddedCassandra.Options(
          dir, nativePort, storagePort, null, java.util.Optional.empty(), "2g", Duration.ofSeconds(240))
          .withUnflushedSchema());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free loopback port for a server started later ({@link FreePorts#next}). */
  public static int freePort() {
    return FreePorts.next();
  }

  /** Closed by JUnit with the root context (both the old and the new store protocol). */
  @SuppressWarnings("deprecation")
  private static final class Shared implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final EmbeddedCassandra cassandra;
    private final CassandraInDocker docker;
    private volatile boolean closed;

    Shared(EmbeddedCassandra cassandra, CassandraInDocker docker) {
      this.cassandra = cassandra;
      this.docker = docker;
    }

    @Override
    public void close() {
      closed = true;
      if (docker != null) {
        docker.close();
        return;
      }
      cassandra.close();
      // Keep cassandra.log for post-mortems; drop the (throw-away) data.
      for (String sub : new String[] {"data", "commitlog", "hints", "saved_caches", "cdc_raw"}) {
        deleteTree(cassandra.dataDir().resolve(sub));
      }
    }

    private static void deleteTree(Path root) {
      if (!Files.exists(root)) {
        return;
      }
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: it is under target/
      }
    }
  }
}
