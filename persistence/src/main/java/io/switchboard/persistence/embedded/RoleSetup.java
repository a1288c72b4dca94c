package io.switchboard.persistence.embedded;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.switchboard.persistence.CassandraSettings;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start of an embedded Cassandra with {@code PasswordAuthenticator}: Cassandra creates its
 * well-known default superuser ({@code cassandra}/{@code cassandra}) when no role exists; this logs
 * in with it once, creates the launcher's own superuser role with the generated password, and
 * drops the default one, so nothing on the machine can log in without the credentials file. On
 * every later start the generated credentials simply work.
 */
final class RoleSetup {
  private static final Logger log = LoggerFactory.getLogger(RoleSetup.class);
  static final CassandraSettings.Credentials DEFAULT = new CassandraSettings.Credentials("cassandra", "cassandra");

  private RoleSetup() {}

  /**
   * One attempt: the release version when the generated credentials log in; empty when nothing
   * answered yet, the default role is not there yet, or the role was just created (the caller
   * repeats until a version comes or its deadline).
   */
  static Optional<String> attempt(int port, CassandraSettings.Credentials own) {
    if (!CqlProbe.portOpen(port)) {
      return Optional.empty();
    }
    try (CqlSession s = CqlProbe.session(port, Optional.of(own))) {
      return Optional.ofNullable(
          s.execute("SELECT release_version FROM system.local").one().getString("release_version"));
    } catch (RuntimeException e) {
      if (!authFailure(e)) {
        return Optional.empty();
      }
      // Not created yet (first start, or a start that died between the file and the role).
    }
    try (CqlSession s = CqlProbe.session(port, Optional.of(DEFAULT))) {
      String password = own.password().replace("'", "''");
      s.execute("CREATE ROLE IF NOT EXISTS " + own.username() + " WITH PASSWORD = '" + password
          + "' AND LOGIN = true AND SUPERUSER = true");
      s.execute("ALTER ROLE " + own.username() + " WITH PASSWORD = '" + password + "'");
    } catch (RuntimeException e) {
      log.debug("role setup not possible yet: {}", e.toString());
      return Optional.empty();
    }
    try (CqlSession s = CqlProbe.session(port, Optional.of(own))) {
      s.execute("DROP ROLE IF EXISTS " + DEFAULT.username());
      log.info("Cassandra role {} created with the generated password; the default superuser is dropped",
          own.username());
    } catch (RuntimeException e) {
      log.debug("new role cannot log in yet: {}", e.toString());
    }
    return Optional.empty();
  }

  /** Whether the driver refused the login (rather than not reaching Cassandra). */
  static boolean authFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException) {
        return true;
      }
      if (t instanceof AllNodesFailedException all) {
        for (var errors : all.getAllErrors().values()) {
          for (Throwable inner : errors) {
            if (authFailure(inner)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
