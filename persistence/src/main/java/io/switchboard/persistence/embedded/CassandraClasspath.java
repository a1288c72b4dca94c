package io.switchboard.persistence.embedded;

import io.switchboard.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the directory of Cassandra's jars and turns it into a class path.
 *
 * <p>The directory is filled by {@code maven-dependency-plugin:copy-dependencies}, which never
 * deletes a jar: after a version change it can hold two versions of one artifact. Only the newest
 * of each goes on the class path. A logback-classic that does not match logback-core (a managed
 * version leaking into the copy) would crash Cassandra in its static initialisers, so it is left
 * out; Cassandra then runs without its own log output rather than not at all.
 */
final class CassandraClasspath {
  static final String LIB_PROPERTY = "switchboard.cassandra.lib";
  static final String LIB_ENV = "SWITCHBOARD_CASSANDRA_LIB";
  private static final Logger log = LoggerFactory.getLogger(CassandraClasspath.class);
  private static final Pattern VERSIONED = Pattern.compile("(.+?)-(\\d+(?:\\.\\d+)*)(.*)\\.jar");

  private CassandraClasspath() {}

  /** The explicit directory, else the system property, the environment, then two defaults. */
  static Path resolveLibDir(Optional<Path> explicit) {
    List<Path> candidates = new ArrayList<>();
    explicit.ifPresent(candidates::add);
    Optional.ofNullable(System.getProperty(LIB_PROPERTY)).filter(s -> !s.isBlank()).map(Path::of)
        .ifPresent(candidates::add);
    Optional.ofNullable(System.getenv(LIB_ENV)).filter(s -> !s.isBlank()).map(Path::of)
        .ifPresent(candidates::add);
    if (candidates.isEmpty()) {
      candidates.add(Path.of("embedded-cassandra", "target", "lib"));
      candidates.add(Path.of("lib", "cassandra"));
      candidates.add(Path.of("..", "embedded-cassandra", "target", "lib"));
    }
    for (Path p : candidates) {
      if (hasCassandraJar(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new PersistenceException("no cassandra-all*.jar in " + candidates
        + " (set switchboard.cassandra.embedded.lib-dir / " + LIB_ENV
        + ", or build it: mvn -pl embedded-cassandra package)");
  }

  static boolean hasCassandraJar(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().matches("cassandra-all.*\\.jar"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The jars of {@code libDir}, newest version per artifact, minus a mismatched logback-classic. */
  static List<Path> jars(Path libDir) {
    Map<String, Path> newest = new LinkedHashMap<>();
    List<Path> all;
    try (Stream<Path> s = Files.list(libDir)) {
      all = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new PersistenceException("cannot list " + libDir + ": " + e.getMessage(), e);
    }
    for (Path jar : all) {
      String key = artifactKey(jar);
      newest.merge(key, jar, (a, b) -> compareVersions(version(a), version(b)) >= 0 ? a : b);
    }
    Optional<String> classic = Optional.ofNullable(newest.get("logback-classic")).map(CassandraClasspath::version);
    Optional<String> core = Optional.ofNullable(newest.get("logback-core")).map(CassandraClasspath::version);
    if (classic.isPresent() && core.isPresent() && !minor(classic.get()).equals(minor(core.get()))) {
      log.warn("{} holds logback-classic {} with logback-core {}; the embedded Cassandra runs without its own log",
          libDir, classic.get(), core.get());
      newest.remove("logback-classic");
      newest.remove("metrics-logback");
    }
    return newest.values().stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
  }

  /** Artifact name plus classifier: "netty-transport-native-epoll|-linux-x86_64". */
  static String artifactKey(Path jar) {
    Matcher m = VERSIONED.matcher(jar.getFileName().toString());
    if (!m.matches()) {
      return jar.getFileName().toString();
    }
    String rest = m.group(3);
    // A qualifier such as ".Final", "-jre" or "-shaded" belongs to the version, a platform to the key.
    String classifier = rest.replaceFirst("^(\\.Final|-jre|-android|-shaded|ea\\d*|\\.RELEASE)", "");
    return classifier.isEmpty() ? m.group(1) : m.group(1) + "|" + classifier;
  }

  static String version(Path jar) {
    Matcher m = VERSIONED.matcher(jar.getFileName().toString());
    return m.matches() ? m.group(2) : "0";
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static String minor(String version) {
    String[] parts = version.split("\\.");
    return parts.length < 2 ? version : parts[0] + "." + parts[1];
  }
}
