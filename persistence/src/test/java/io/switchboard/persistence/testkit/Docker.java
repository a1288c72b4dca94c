package io.switchboard.persistence.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker daemon the container tests use, and the local images they run.
 *
 * <p>No image registry is reachable where these tests run, so every image is built here by
 * {@code deploy-tests/docker/build-images.sh} (a debootstrapped Debian, Debian's JRE 17, then
 * Cassandra or Switchboard on it; cached between runs). A test without a daemon is skipped, or
 * fails when {@code SWITCHBOARD_REQUIRE_DOCKER=1} (CI installs and starts one). Testcontainers'
 * Ryuk cannot be pulled either, so it is off and each test removes its own containers; and since
 * the tests may themselves run inside a container, where Testcontainers would start alpine to
 * find the gateway, the host is given: loopback, as every container here uses host networking;
 * and its checks are off (before a bind mount they start alpine to test file mounting). See
 * {@link #TESTCONTAINERS_ENV}, set by the failsafe configurations.
 */
public final class Docker {
  /** Set to 1 where a missing daemon is a failure rather than a reason to skip. */
  public static final String REQUIRE_ENV = "SWITCHBOARD_REQUIRE_DOCKER";
  public static final String CASSANDRA_IMAGE = "local/cassandra:5.0.6";
  public static final String SWITCHBOARD_IMAGE = "local/switchboard:dev";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
  private static final String CONTAINER_PREFIX = "switchboard-it-";
  /** What the failsafe configurations set so that Testcontainers pulls no image. */
  public static final Map<String, String> TESTCONTAINERS_ENV = Map.of(
      "TESTCONTAINERS_RYUK_DISABLED", "true",
      "TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1",
      "TESTCONTAINERS_CHECKS_DISABLE", "true");

  private Docker() {}

  /** Skips the calling test when no daemon answers (fails it when {@value #REQUIRE_ENV}=1). */
  public static void assumeAvailable() {
    for (Map.Entry<String, String> e : TESTCONTAINERS_ENV.entrySet()) {
      if (!e.getValue().equalsIgnoreCase(System.getenv(e.getKey()))) {
        throw new IllegalStateException(e.getKey() + "=" + e.getValue() + " is required: otherwise"
            + " Testcontainers pulls an image (Ryuk; alpine to find the gateway when the tests run"
            + " inside a container, or to check file mounting before a bind mount) and no registry"
            + " is reachable. The failsafe configuration sets it.");
      }
    }
    Optional<String> missing = missingDaemon();
    if (missing.isPresent()) {
      if (required()) {
        throw new AssertionError(missing.get() + " [" + REQUIRE_ENV + "=1]");
      }
      Assumptions.abort(missing.get());
    }
  }

  /** Why no container can run here, or empty when a Docker daemon answers. */
  public static Optional<String> missingDaemon() {
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      return Optional.of("no Docker daemon answers (apt-get install docker.io; dockerd --iptables=false &)");
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("no Docker daemon answers: " + e);
    }
  }

  /** Whether a missing daemon fails the tests rather than skipping them ({@value #REQUIRE_ENV}=1). */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  /** "switchboard-it-NAME-PID": whose it is, so a later run can remove what a killed JVM left. */
  public static String containerName(String name) {
    return CONTAINER_PREFIX + name + "-" + ProcessHandle.current().pid();
  }

  /**
   * Removes the containers of test JVMs that no longer run (killed before they could remove
   * their own; without Ryuk nobody else does). Containers of running JVMs are left alone.
   */
  public static void removeStaleContainers() {
    DockerClient docker = DockerClientFactory.instance().client();
    for (Container c : docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(CONTAINER_PREFIX)).exec()) {
      for (String name : c.getNames()) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        if (!bare.startsWith(CONTAINER_PREFIX)) {
          continue;
        }
        try {
          long pid = Long.parseLong(bare.substring(bare.lastIndexOf('-') + 1));
          if (ProcessHandle.of(pid).isEmpty()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
          }
        } catch (NumberFormatException | com.github.dockerjava.api.exception.NotFoundException e) {
          // not one of ours, or already gone
        }
      }
    }
  }

  /**
   * Runs {@code build-images.sh} for the targets ({@code base}, {@code cassandra},
   * {@code switchboard}); its output goes to {@code target/build-images.log}. A cached image makes
   * this take seconds; from nothing it takes minutes (debootstrap and the JRE from Debian).
   */
  public static void buildImages(String... targets) {
    Path script = repoRoot().resolve("deploy-tests/docker/build-images.sh");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(targets));
    try {
      Path log = Files.createDirectories(Path.of("target")).resolve("build-images.log").toAbsolutePath();
      Process p = new ProcessBuilder(command)
          .directory(repoRoot().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + BUILD_TIMEOUT + "; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(command + " failed (exit " + p.exitValue() + "): " + tail(log, 15));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The repository root: {@code -Dswitchboard.root}, else the first parent holding the script. */
  public static Path repoRoot() {
    String configured = System.getProperty("switchboard.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy-tests/docker/build-images.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found (set -Dswitchboard.root)");
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
