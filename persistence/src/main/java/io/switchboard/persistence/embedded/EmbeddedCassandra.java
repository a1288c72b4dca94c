package io.switchboard.persistence.embedded;

import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.PersistenceException;
import io.switchboard.persistence.local.SecretFiles;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Cassandra 5 ({@code cassandra-all}) running as a child JVM on loopback, for dev
 * mode and tests.
 *
 * <p>Authentication is on ({@code PasswordAuthenticator}): the launcher's own superuser role has
 * a generated password kept in a 0600 file ({@link CassandraCredentials}), the default one is
 * dropped at the first start ({@link RoleSetup}), and the data directory is 0700.
 *
 * <p>{@link #start(Options)} takes the data directory's lock, stops an orphan a crashed launcher
 * left there, writes {@code cassandra.yaml}, launches the child (its output goes to
 * {@code <dir>/cassandra.log}) and returns once CQL answers. {@link #close()} sends SIGTERM,
 * waits, then kills; a shutdown hook does the same if the JVM exits without calling it.
 */
public final class EmbeddedCassandra implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** JVM options from Cassandra's conf/jvm17-server.options that a child on Java 17 needs. */
  private static final List<String> JAVA17_OPENS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.nio=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/java.math=ALL-UNNAMED",
      "--add-opens", "java.base/java.net=ALL-UNNAMED");

  /**
   * How to launch.
   *
   * @param dataDir the directory of everything: data, commit log, yaml, log, lock and pid files
   * @param libDir Cassandra's jars; {@code null} = system property {@code switchboard.cassandra.lib},
   *     env {@code SWITCHBOARD_CASSANDRA_LIB}, {@code ./embedded-cassandra/target/lib},
   *     {@code ./lib/cassandra}
   * @param javaHome a JDK 11/17 used when this JVM is another version; {@code null} = empty
   * @param maxHeap {@code -Xmx} of the child, e.g. "1g"; {@code null} = "1g"
   * @param startTimeout how long to wait for CQL; {@code null} = 180 s
   * @param credentialsFile where the generated credentials of the launcher's superuser role are
   *     kept (0600); {@code null} = {@code <dataDir>/}{@value CassandraCredentials#FILE}
   * @param unflushedSchema tests only: schema changes are not flushed to sstables at once
   *     ({@code cassandra.test.flush_local_schema_changes=false}; they stay in the commit log and
   *     memtables like any write). Every test class creates its own keyspace, and Cassandra
   *     otherwise flushes its schema tables after every DDL statement. Never for data that must
   *     survive a crash of the machine.
   */
  public record Options(
      Path dataDir,
      int nativePort,
      int storagePort,
      Path libDir,
      Optional<Path> javaHome,
      String maxHeap,
      Duration startTimeout,
      Path credentialsFile,
      boolean unflushedSchema) {
    public Options {
      dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
      checkPort(nativePort, "nativePort");
      checkPort(storagePort, "storagePort");
      if (nativePort == storagePort) {
        throw new IllegalArgumentException("nativePort and storagePort are both " + nativePort);
      }
      javaHome = javaHome == null ? Optional.empty() : javaHome;
      maxHeap = maxHeap == null ? "1g" : maxHeap;
      startTimeout = startTimeout == null ? Duration.ofSeconds(180) : startTimeout;
      credentialsFile = credentialsFile == null
          ? dataDir.resolve(CassandraCredentials.FILE) : credentialsFile.toAbsolutePath().normalize();
    }

    public Options(Path dataDir, int nativePort, int storagePort, Path libDir, Optional<Path> javaHome,
        String maxHeap, Duration startTimeout, Path credentialsFile) {
      this(dataDir, nativePort, storagePort, libDir, javaHome, maxHeap, startTimeout, credentialsFile, false);
    }

    public Options(Path dataDir, int nativePort, int storagePort, Path libDir, Optional<Path> javaHome,
        String maxHeap, Duration startTimeout) {
      this(dataDir, nativePort, storagePort, libDir, javaHome, maxHeap, startTimeout, null);
    }

    /** The same options with schema changes left unflushed (tests only, see the record's doc). */
    public Options withUnflushedSchema() {
      return new Options(dataDir, nativePort, storagePort, libDir, javaHome, maxHeap, startTimeout,
          credentialsFile, true);
    }

    /** Defaults for everything but the directory and the ports. */
    public static Options of(Path dataDir, int nativePort, int storagePort) {
      return new Options(dataDir, nativePort, storagePort, null, Optional.empty(), null, null, null);
    }

    private static void checkPort(int port, String name) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(name + " " + port + " is not a port");
      }
    }
  }

  private final Options options;
  private final CassandraSettings.Credentials credentials;
  private final Process process;
  private final DataDirGuard guard;
  private final Thread shutdownHook;
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private volatile Duration exitLinger = Duration.ZERO;
  private volatile boolean closed;

  private EmbeddedCassandra(Options options, CassandraSettings.Credentials credentials, Process process,
      DataDirGuard guard) {
    this.options = options;
    this.credentials = credentials;
    this.process = process;
    this.guard = guard;
    this.shutdownHook = new Thread(this::onJvmExit, "embedded-cassandra-stop");
  }

  /** Launches Cassandra and waits until CQL answers; fails with a one-line message otherwise. */
  public static EmbeddedCassandra start(Options options) {
    Path dir = options.dataDir();
    try {
      // Owner only: the data files hold SCRAM keys, messages and token hashes.
      SecretFiles.privateDir(dir);
    } catch (IOException e) {
      throw new PersistenceException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    CassandraSettings.Credentials credentials = CassandraCredentials.readOrCreate(options.credentialsFile());
    DataDirGuard guard = DataDirGuard.acquire(dir);
    try {
      guard.stopOrphan(STOP_GRACE);
      checkPortFree(options.nativePort(), "CQL");
      checkPortFree(options.storagePort(), "storage");
      Path java = JavaLocator.locate(options.javaHome());
      Path libDir = CassandraClasspath.resolveLibDir(Optional.ofNullable(options.libDir()));
      List<String> command = command(java, libDir, options);
      CassandraFiles.writeYaml(dir, options.nativePort(), options.storagePort());
      CassandraFiles.writeLogback(dir);
      Path logFile = CassandraFiles.rotateLog(dir);
      long begin = System.nanoTime();
      Process process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      guard.writePid(process.pid());
      EmbeddedCassandra cassandra = new EmbeddedCassandra(options, credentials, process, guard);
      Runtime.getRuntime().addShutdownHook(cassandra.shutdownHook);
      log.info("launched Cassandra pid {} on 127.0.0.1:{} with data in {} (log: {})",
          process.pid(), options.nativePort(), dir, logFile);
      try {
        String version = cassandra.awaitCql(logFile);
        log.info("Cassandra {} answers CQL on {} after {} ms", version, cassandra.contactPoint(),
            Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return cassandra;
      } catch (RuntimeException e) {
        cassandra.close();
        throw e;
      }
    } catch (IOException e) {
      guard.close();
      throw new PersistenceException("cannot launch Cassandra: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
  }

  private String awaitCql(Path logFile) {
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new PersistenceException("Cassandra exited with code " + process.exitValue() + " before CQL answered; "
            + logFile + " ends: " + CassandraFiles.tail(logFile, 5));
      }
      Optional<String> version = RoleSetup.attempt(options.nativePort(), credentials);
      if (version.isPresent()) {
        return version.get();
      }
      sleep(500);
    }
    throw new PersistenceException("Cassandra did not answer CQL on " + contactPoint() + " within "
        + options.startTimeout().toSeconds() + " s (switchboard.cassandra.embedded.start-timeout); see " + logFile);
  }

  static List<String> command(Path java, Path libDir, Options o) {
    Path dir = o.dataDir();
    String classpath = CassandraClasspath.jars(libDir).stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xms256m");
    cmd.add("-Xmx" + o.maxHeap());
    cmd.add("-Xss256k");
    cmd.add("-XX:+UseG1GC");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Djava.net.preferIPv4Stack=true");
    cmd.addAll(JAVA17_OPENS);
    cmd.add("-Dcassandra-foreground=yes");
    cmd.add("-Dcassandra.storagedir=" + dir);
    cmd.add("-Dcassandra.config=" + dir.resolve(CassandraFiles.YAML).toUri());
    cmd.add("-Dlogback.configurationFile=" + dir.resolve(CassandraFiles.LOGBACK));
    // One node on loopback: no gossip to wait for, nobody to announce a shutdown to.
    cmd.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    cmd.add("-Dcassandra.shutdown_announce_in_ms=0");
    cmd.add("-Dcassandra.memtable_row_overhead_computation_step=100");
    // PasswordAuthenticator: create the default superuser at once (the launcher replaces it).
    cmd.add("-Dcassandra.superuser_setup_delay_ms=0");
    if (o.unflushedSchema()) {
      cmd.add("-Dcassandra.test.flush_local_schema_changes=false");
    }
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(DataDirGuard.DAEMON_CLASS);
    return cmd;
  }

  private static void checkPortFree(int port, String what) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new PersistenceException("cannot launch Cassandra: " + what + " port 127.0.0.1:" + port
          + " is already in use (switchboard.cassandra.embedded." + ("CQL".equals(what) ? "port" : "storage-port") + ")");
    }
  }

  public int nativePort() {
    return options.nativePort();
  }

  public int storagePort() {
    return options.storagePort();
  }

  /** Where the credentials are kept (0600, with the data they unlock). */
  public Path credentialsFile() {
    return options.credentialsFile();
  }

  /** The credentials of the launcher's superuser role (PasswordAuthenticator). */
  public CassandraSettings.Credentials credentials() {
    return credentials;
  }

  /** "127.0.0.1:port", the form of {@code switchboard.cassandra.contact-points}. */
  public String contactPoint() {
    return "127.0.0.1:" + options.nativePort();
  }

  public Path dataDir() {
    return options.dataDir();
  }

  /** The child's pid. */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops Cassandra (SIGTERM, then SIGKILL after 30 s) and releases the directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs stopProcess itself
    }
    long begin = System.nanoTime();
    try {
      stopProcess();
      guard.deletePidFile();
      guard.close();
    } finally {
      closeDone.countDown();
    }
    log.info("Cassandra on {} stopped in {} ms", contactPoint(), Duration.ofNanos(System.nanoTime() - begin).toMillis());
  }

  /**
   * Lets {@link #close()} run first when the JVM exits. JVM shutdown hooks run concurrently, so
   * a server whose own hook (Pekko's coordinated shutdown) still writes to Cassandra and closes
   * this launcher last should call this with its drain time: on JVM exit the hook then waits up
   * to {@code grace} for {@code close()} before stopping Cassandra itself. Default: zero (the
   * hook stops Cassandra at once).
   */
  public void stopOnJvmExitAfter(Duration grace) {
    this.exitLinger = Objects.requireNonNull(grace, "grace");
  }

  private void onJvmExit() {
    try {
      if (!exitLinger.isZero() && closeDone.await(exitLinger.toMillis(), TimeUnit.MILLISECONDS)) {
        return; // close() did the work
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopProcess();
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Cassandra pid {} ignored SIGTERM for {} s; killing it", process.pid(), STOP_GRACE.toSeconds());
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PersistenceException("interrupted while waiting for Cassandra");
    }
  }
}
