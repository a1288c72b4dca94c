package io.switchboard.persistence.embedded;

import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.PersistenceException;
import io.switchboard.persistence.local.SecretFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The credentials of the embedded Cassandra's own superuser role, generated at its first start and
 * kept in a file readable by its owner only ({@code username=...}, {@code password=...}). The
 * node, {@code ./switchboard adduser} and the other nodes of {@code ./switchboard cluster N} read
 * it from the shared secrets directory.
 */
public final class CassandraCredentials {
  /** The role the launcher creates. */
  public static final String ROLE = "switchboard";
  /** The file name in the secrets directory. */
  public static final String FILE = "cassandra.credentials";

  private static final SecureRandom RANDOM = new SecureRandom();

  private CassandraCredentials() {}

  /** The credentials in {@code file}, created (0600) with a random password if absent. */
  public static CassandraSettings.Credentials readOrCreate(Path file) {
    try {
      SecretFiles.generateOnce(file.toAbsolutePath().getParent(), () -> {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        SecretFiles.writePrivate(file, "username=" + ROLE + "\npassword="
            + Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
      }, file);
    } catch (IOException e) {
      throw new PersistenceException("cannot create the Cassandra credentials " + file + ": " + e.getMessage(), e);
    }
    return read(file).orElseThrow(() -> new PersistenceException("no credentials in " + file));
  }

  /** The credentials in {@code file}, empty when there is no such file. */
  public static Optional<CassandraSettings.Credentials> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file)));
      String user = p.getProperty("username", "").trim();
      String password = p.getProperty("password", "");
      if (user.isEmpty() || password.isEmpty()) {
        throw new PersistenceException(file + " has no username and password");
      }
      return Optional.of(new CassandraSettings.Credentials(user, password));
    } catch (IOException e) {
      throw new PersistenceException("cannot read the Cassandra credentials " + file + ": " + e.getMessage(), e);
    }
  }
}
