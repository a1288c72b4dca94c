package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraClasspathTest {
  @TempDir Path dir;

  private void jars(String... names) throws IOException {
    for (String n : names) {
      Files.createFile(dir.resolve(n));
    }
  }

  private List<String> names() {
    return CassandraClasspath.jars(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void jars_twoVersionsOfOneArtifact_keepsTheNewest() throws IOException {
    jars("cassandra-all-5.0.6.jar", "jackson-core-2.17.3.jar", "jackson-core-2.19.2.jar",
        "jnr-ffi-2.2.13.jar", "jnr-ffi-2.2.17.jar", "guava-32.0.1-jre.jar");
    assertThat(names()).containsExactly(
        "cassandra-all-5.0.6.jar", "guava-32.0.1-jre.jar", "jackson-core-2.19.2.jar", "jnr-ffi-2.2.17.jar");
  }

  @Test
  void jars_platformClassifiers_areDistinctArtifacts() throws IOException {
    jars("netty-transport-native-epoll-4.1.137.Final.jar",
        "netty-transport-native-epoll-4.1.137.Final-linux-x86_64.jar",
        "netty-transport-native-epoll-4.1.137.Final-linux-aarch_64.jar");
    assertThat(names()).hasSize(3);
  }

  @Test
  void jars_logbackClassicNotMatchingCore_leftOut() throws IOException {
    jars("logback-classic-1.5.18.jar", "logback-core-1.2.12.jar", "metrics-logback-4.2.19.jar", "slf4j-api-2.0.17.jar");
    assertThat(names()).containsExactly("logback-core-1.2.12.jar", "slf4j-api-2.0.17.jar");
  }

  @Test
  void jars_matchingLogback_kept() throws IOException {
    jars("logback-classic-1.2.12.jar", "logback-core-1.2.12.jar");
    assertThat(names()).containsExactly("logback-classic-1.2.12.jar", "logback-core-1.2.12.jar");
  }

  @Test
  void resolveLibDir_explicitWithCassandraJar_isUsed() throws IOException {
    jars("cassandra-all-5.0.6.jar");
    assertThat(CassandraClasspath.resolveLibDir(Optional.of(dir))).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void resolveLibDir_explicitWithoutCassandraJar_failsNamingTheSetting() {
    String saved = System.getProperty(CassandraClasspath.LIB_PROPERTY);
    System.clearProperty(CassandraClasspath.LIB_PROPERTY);
    try {
      assertThatThrownBy(() -> CassandraClasspath.resolveLibDir(Optional.of(dir)))
          .isInstanceOf(PersistenceException.class)
          .hasMessageStartingWith("no cassandra-all*.jar in [" + dir)
          .hasMessageContaining("switchboard.cassandra.embedded.lib-dir");
    } finally {
      if (saved != null) {
        System.setProperty(CassandraClasspath.LIB_PROPERTY, saved);
      }
    }
  }

  @Test
  void compareVersions_numericNotLexical() {
    assertThat(CassandraClasspath.compareVersions("2.19.2", "2.9.10")).isPositive();
    assertThat(CassandraClasspath.compareVersions("1.0", "1.0.0")).isZero();
  }
}
