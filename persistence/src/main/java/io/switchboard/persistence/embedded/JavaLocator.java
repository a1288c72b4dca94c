package io.switchboard.persistence.embedded;

import io.switchboard.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Picks the {@code java} executable for Cassandra 5, which runs on Java 11 or 17 only. */
final class JavaLocator {
  private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)(?:[.\"].*)?$");
  private static final Path JVM_ROOT = Path.of("/usr/lib/jvm");

  private JavaLocator() {}

  static boolean supported(int major) {
    return major == 11 || major == 17;
  }

  /** This JVM when it is 11 or 17, else the configured home, else a JDK under /usr/lib/jvm. */
  static Path locate(Optional<Path> configuredHome) {
    int current = Runtime.version().feature();
    if (supported(current)) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    if (configuredHome.isPresent()) {
      Path home = configuredHome.get();
      OptionalInt major = majorVersion(home);
      if (major.isPresent() && supported(major.getAsInt()) && Files.isExecutable(home.resolve("bin/java"))) {
        return home.resolve("bin/java");
      }
      throw new PersistenceException("switchboard.cassandra.embedded.java-home: " + home
          + " is not a Java 11 or 17 home; Cassandra 5 runs on those only");
    }
    return searchJvmRoot(JVM_ROOT).orElseThrow(() -> new PersistenceException(
        "no Java 11 or 17 for the embedded Cassandra: this JVM is " + current + " and none is in " + JVM_ROOT
            + "; set switchboard.cassandra.embedded.java-home (SWITCHBOARD_CASSANDRA_JAVA_HOME)"));
  }

  /** A JDK 17, else 11, directly under {@code root}. */
  static Optional<Path> searchJvmRoot(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(root)) {
      List<Path> found = homes
          .filter(h -> Files.isExecutable(h.resolve("bin/java")))
          .filter(h -> majorVersion(h).stream().anyMatch(JavaLocator::supported))
          .sorted(Comparator.comparingInt((Path h) -> majorVersion(h).orElse(0)).reversed()
              .thenComparing(Path::toString))
          .toList();
      return found.stream().findFirst().map(h -> h.resolve("bin/java"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The feature version from {@code <home>/release}. */
  static OptionalInt majorVersion(Path home) {
    try {
      Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
      if (m.find()) {
        int v = Integer.parseInt(m.group(1));
        return OptionalInt.of(v == 1 ? 8 : v);
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK home
    }
    return OptionalInt.empty();
  }
}
