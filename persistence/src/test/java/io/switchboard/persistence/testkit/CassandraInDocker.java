package io.switchboard.persistence.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.DockerImageName;

/**
 * A single Cassandra 5.0.6 in a container of the local image {@value Docker#CASSANDRA_IMAGE}
 * (built from the jars the build already resolves; see deploy-tests/docker/cassandra), through
 * Testcontainers. Host networking keeps all traffic on loopback; its two ports come from
 * {@link FreePorts} and reach the container through the image's environment variables. Ready
 * when {@code SELECT release_version FROM system.local} answers ({@link CqlWaitStrategy}). The
 * container's output goes to {@code target/containers/NAME.log}.
 */
public final class CassandraInDocker implements AutoCloseable {
  private final GenericContainer<?> container;
  private final int nativePort;
  private final String releaseVersion;
  private final Duration startTime;

  private CassandraInDocker(GenericContainer<?> container, int nativePort, String releaseVersion, Duration startTime) {
    this.container = container;
    this.nativePort = nativePort;
    this.releaseVersion = releaseVersion;
    this.startTime = startTime;
  }

  /** Builds the image if needed (cached), starts the container and waits for CQL. */
  public static CassandraInDocker start(String name, Duration timeout) {
    Docker.assumeAvailable();
    Docker.removeStaleContainers();
    Docker.buildImages("cassandra");
    int nativePort = FreePorts.next();
    int storagePort = FreePorts.next();
    CqlWaitStrategy cql = new CqlWaitStrategy(nativePort);
    Path log = logFile(name);
    @SuppressWarnings("resource") // closed by close()
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Docker.CASSANDRA_IMAGE))
        .withNetworkMode("host")
        .withEnv("CASSANDRA_LISTEN_ADDRESS", "127.0.0.1")
        .withEnv("CASSANDRA_NATIVE_TRANSPORT_PORT", Integer.toString(nativePort))
        .withEnv("CASSANDRA_STORAGE_PORT", Integer.toString(storagePort))
        .withEnv("MAX_HEAP_SIZE", "1G")
        .withEnv("JVM_EXTRA_OPTS", "-Dcassandra.memtable_row_overhead_computation_step=100")
        .withCreateContainerCmdModifier(cmd -> cmd.withName(Docker.containerName(name)))
        .withStartupAttempts(1)
        .withLogConsumer(frame -> append(log, frame))
        .waitingFor(cql.withStartupTimeout(timeout));
    long t0 = System.nanoTime();
    c.start();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf("[figures] Cassandra container %s (%s): CQL answered %s in %d ms%n",
        name, Docker.CASSANDRA_IMAGE, cql.releaseVersion(), took.toMillis());
    return new CassandraInDocker(c, nativePort, cql.releaseVersion(), took);
  }

  /** "127.0.0.1:port", as {@code switchboard.cassandra.contact-points} takes it. */
  public String contactPoint() {
    return "127.0.0.1:" + nativePort;
  }

  public int nativePort() {
    return nativePort;
  }

  /** What {@code system.local} answered when the container turned ready. */
  public String releaseVersion() {
    return releaseVersion;
  }

  public Duration startTime() {
    return startTime;
  }

  public GenericContainer<?> container() {
    return container;
  }

  @Override
  public void close() {
    container.stop(); // stop and remove: with Ryuk off nobody else would
  }

  private static Path logFile(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "containers"));
      return dir.resolve(name + ".log").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends a container output frame to a log file (a lost line never fails a test). */
  public static void append(Path log, OutputFrame frame) {
    if (frame.getBytes() == null) {
      return;
    }
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      w.write(frame.getUtf8String());
    } catch (IOException e) {
      // a lost log line must not fail the test
    }
  }
}
