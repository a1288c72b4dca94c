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
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded Cassandra per test JVM, shared by every test class that uses
 * {@code @ExtendWith(CassandraExtension.class)}. It listens on free loopback ports, keeps its data
 * in a fresh directory under {@code target/}, and stops when the root test context closes (or, at
 * the latest, at JVM exit).
 *
 * <p>Give each test class its own keyspace: {@code Persistence.start(testConfig("my_test"))}.
 */
public final class CassandraExtension implements BeforeAllCallback {
  private static final String KEY = CassandraExtension.class.getName();
  private static Shared shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    Shared s = instance();
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(KEY, k -> s);
  }

  /** "127.0.0.1:port" of the shared Cassandra (started on first use). */
  public static String contactPoint() {
    return instance().cassandra.contactPoint();
  }

  /** The shared Cassandra itself. */
  public static EmbeddedCassandra cassandra() {
    return instance().cassandra;
  }

  /**
   * {@code ConfigFactory.load()} with {@code switchboard.cassandra.contact-points} set to the
   * shared Cassandra, its generated credentials, and {@code switchboard.cassandra.keyspace} to
   * {@code keyspace}.
   */
  public static Config testConfig(String keyspace) {
    var credentials = instance().cassandra.credentials();
    return ConfigFactory.parseMap(Map.of(
            "switchboard.cassandra.contact-points", contactPoint(),
            "switchboard.cassandra.keyspace", keyspace,
            // The embedded Cassandra requires a login (PasswordAuthenticator).
            "switchboard.cassandra.username", credentials.username(),
            "switchboard.cassandra.password", credentials.password()),
            "CassandraExtension")
        .withFallback(ConfigFactory.load());
  }

  private static synchronized Shared instance() {
    if (shared == null || shared.closed) {
      shared = new Shared(start());
    }
    return shared;
  }

  private static EmbeddedCassandra start() {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path dir = Files.createTempDirectory(target, "embedded-cassandra-");
      int nativePort = freePort();
      int storagePort = freePort(); // never the same as nativePort: FreePorts hands out in sequence
      return EmbeddedCassandra.start(new EmbeddedCassandra.Options(
          dir, nativePort, storagePort, null, java.util.Optional.empty(), "1g", Duration.ofSeconds(240)));
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
    private volatile boolean closed;

    Shared(EmbeddedCassandra cassandra) {
      this.cassandra = cassandra;
    }

    @Override
    public void close() {
      closed = true;
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
