package io.switchboard.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.internal.core.auth.PlainTextAuthProvider;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the driver's {@link CqlSession} from the settings, retrying until a deadline. */
public final class SessionFactory {
  private static final Logger log = LoggerFactory.getLogger(SessionFactory.class);

  private SessionFactory() {}

  /**
   * Connects to {@code contactPoints}, retrying once a second until {@code connectTimeout}.
   *
   * @param whatFailed the start of the error message, naming the key to check
   * @throws PersistenceException with {@code whatFailed} and the driver's reason, on one line
   */
  public static CqlSession open(
      CassandraSettings settings, List<InetSocketAddress> contactPoints, Duration connectTimeout, String whatFailed) {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    RuntimeException last;
    do {
      try {
        return CqlSession.builder()
            .withConfigLoader(configLoader(settings, connectTimeout))
            .addContactPoints(contactPoints)
            .withLocalDatacenter(settings.datacenter())
            .build();
      } catch (RuntimeException e) {
        last = e;
        log.debug("Cassandra at {} not reachable yet: {}", contactPoints, e.toString());
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new PersistenceException(whatFailed + " (" + oneLine(last) + ")", last);
  }

  /** The driver's schema-refresh debouncer window (see {@link #configLoader}). */
  static final Duration SCHEMA_REFRESH_WINDOW = Duration.ofMillis(20);

  static DriverConfigLoader configLoader(CassandraSettings s, Duration connectTimeout) {
    Duration perAttempt = connectTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? connectTimeout : Duration.ofSeconds(5);
    ProgrammaticDriverConfigLoaderBuilder b = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, s.requestTimeout())
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, s.maxRequestsPerConnection())
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, perAttempt)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, perAttempt)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, perAttempt)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, s.schemaTimeout())
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, s.schemaTimeout())
        // A DDL statement completes only after the driver refreshed its schema metadata, and that
        // refresh waits out the debouncer's window (1 s by default) first: a keyspace's ~20 schema
        // statements took ~23 s. Migrations are the only DDL, so there is nothing to coalesce.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, SCHEMA_REFRESH_WINDOW)
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false);
    s.credentials().ifPresent(c -> b
        .withClass(DefaultDriverOption.AUTH_PROVIDER_CLASS, PlainTextAuthProvider.class)
        .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, c.username())
        .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, c.password()));
    return b.build();
  }

  static String oneLine(Throwable t) {
    if (t == null) {
      return "no attempt";
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s+", " ").trim();
  }
}
