package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.persistence.PersistenceException;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class EmbeddedCassandraIT {

  @Test
  void start_answersCqlAndKeepsItsFilesInTheDataDir() {
    EmbeddedCassandra c = CassandraExtension.cassandra();
    assertThat(c.isRunning()).isTrue();
    assertThat(CqlProbe.releaseVersion(c.nativePort(), java.util.Optional.of(c.credentials())))
        .hasValueSatisfying(v -> assertThat(v).startsWith("5.0."));
    assertThat(c.contactPoint()).isEqualTo("127.0.0.1:" + c.nativePort());
    assertThat(c.dataDir().resolve("cassandra.yaml")).content().contains("native_transport_port: " + c.nativePort());
    assertThat(c.dataDir().resolve("cassandra.log")).exists();
    assertThat(c.dataDir().resolve("data")).isDirectory();
    assertThat(DataDirGuard.readPid(c.dataDir().resolve("cassandra.pid"))).contains(c.pid());
    assertThat(DataDirGuard.isCassandraOn(c.pid(), c.dataDir())).isTrue();
  }

  @Test
  void start_cqlNeedsTheGeneratedCredentials_filesOwnerOnly() throws Exception {
    // Issue #23 F6: any local process could log in and read SCRAM keys, messages, token hashes.
    EmbeddedCassandra c = CassandraExtension.cassandra();
    int port = c.nativePort();
    assertThat(CqlProbe.releaseVersion(port, java.util.Optional.empty())).as("no login").isEmpty();
    assertThat(CqlProbe.releaseVersion(port, java.util.Optional.of(RoleSetup.DEFAULT)))
        .as("Cassandra's well-known default superuser").isEmpty();
    assertThat(CqlProbe.releaseVersion(port, java.util.Optional.of(
        new io.switchboard.persistence.CassandraSettings.Credentials(c.credentials().username(), "guess"))))
        .as("a wrong password").isEmpty();
    assertThat(CqlProbe.releaseVersion(port, java.util.Optional.of(c.credentials()))).isPresent();

    java.nio.file.Path file = c.dataDir().resolve(CassandraCredentials.FILE);
    assertThat(CassandraCredentials.read(file)).contains(c.credentials());
    assertThat(perms(file)).isEqualTo("rw-------");
    assertThat(perms(c.dataDir())).isEqualTo("rwx------");
    assertThat(perms(c.dataDir().resolve("cassandra.yaml"))).isEqualTo("rw-------");
  }

  private static String perms(java.nio.file.Path p) throws java.io.IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void start_dataDirInUse_failsWithoutTouchingTheRunningOne() {
    EmbeddedCassandra running = CassandraExtension.cassandra();
    EmbeddedCassandra.Options again = EmbeddedCassandra.Options.of(
        running.dataDir(), CassandraExtension.freePort(), CassandraExtension.freePort());
    assertThatThrownBy(() -> EmbeddedCassandra.start(again))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("already runs a Cassandra on " + running.dataDir());
    assertThat(running.isRunning()).isTrue();
    assertThat(Files.exists(running.dataDir().resolve("cassandra.pid"))).isTrue();
  }

  @Test
  void start_portTaken_failsNamingThePort() throws Exception {
    EmbeddedCassandra running = CassandraExtension.cassandra();
    var dir = Files.createTempDirectory(java.nio.file.Path.of("target"), "port-taken-");
    EmbeddedCassandra.Options clash = EmbeddedCassandra.Options.of(
        dir, running.nativePort(), CassandraExtension.freePort());
    assertThatThrownBy(() -> EmbeddedCassandra.start(clash))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("CQL port 127.0.0.1:" + running.nativePort() + " is already in use");
  }
}
