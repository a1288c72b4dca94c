package io.switchboard.persistence.embedded;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.internal.core.auth.PlainTextAuthProvider;
import io.switchboard.persistence.CassandraSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** Asks a Cassandra whether CQL answers: a TCP connect first (cheap), then one real query. */
final class CqlProbe {
  private CqlProbe() {}

  static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The release version when {@code SELECT release_version FROM system.local} answers. */
  static Optional<String> releaseVersion(int port) {
    return releaseVersion(port, Optional.empty());
  }

  /** As {@link #releaseVersion(int)}, logging in with {@code credentials}. */
  static Optional<String> releaseVersion(int port, Optional<CassandraSettings.Credentials> credentials) {
    if (!portOpen(port)) {
      return Optional.empty();
    }
    try (CqlSession session = session(port, credentials)) {
      return Optional.ofNullable(
          session.execute("SELECT release_version FROM system.local").one().getString("release_version"));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A short-lived session on 127.0.0.1:{@code port}; throws when it cannot connect or log in. */
  static CqlSession session(int port, Optional<CassandraSettings.Credentials> credentials) {
    ProgrammaticDriverConfigLoaderBuilder b = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(2))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
    credentials.ifPresent(c -> b
        .withClass(DefaultDriverOption.AUTH_PROVIDER_CLASS, PlainTextAuthProvider.class)
        .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, c.username())
        .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, c.password()));
    return CqlSession.builder()
        .withConfigLoader(b.build())
        .addContactPoint(new InetSocketAddress("127.0.0.1", port))
        .withLocalDatacenter("datacenter1")
        .build();
  }
}
