package io.switchboard.node.process;

import io.switchboard.persistence.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Switchboard node process started through the repository's {@code ./switchboard} script,
 * on free loopback ports, with its own data directory. For integration tests that need what only
 * a process gives: SIGTERM, exit codes and child processes.
 */
public final class NodeProcess implements AutoCloseable {
  public static final Path REPO = findRepo();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Map<String, String> env;
  private final Path dataDir;
  private final Path log;
  private final int managementPort;
  private Process process;

  private NodeProcess(Map<String, String> env, Path dataDir, Path log, int managementPort) {
    this.env = env;
    this.dataDir = dataDir;
    this.log = log;
    this.managementPort = managementPort;
  }

  /** Settings of a node with fresh free ports; {@code extra} overrides them. */
  public static NodeProcess create(String name, Path workDir, Map<String, String> extra) throws IOException {
    Path dataDir = workDir.resolve(name + "-data");
    Files.createDirectories(dataDir);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SWITCHBOARD_DATA_DIR", dataDir.toString());
    env.put("SWITCHBOARD_BIND", "127.0.0.1");
    env.put("SWITCHBOARD_CLUSTER_HOST", "127.0.0.1");
    for (String key :
        List.of(
            "SWITCHBOARD_C2S_PORT", "SWITCHBOARD_C2S_TLS_PORT", "SWITCHBOARD_S2S_PORT",
            "SWITCHBOARD_COMPONENT_PORT", "SWITCHBOARD_HTTP_PORT", "SWITCHBOARD_MANAGEMENT_PORT",
            "SWITCHBOARD_CLUSTER_PORT", "SWITCHBOARD_CASSANDRA_PORT",
            "SWITCHBOARD_CASSANDRA_STORAGE_PORT", "SWITCHBOARD_PROXY65_PORT")) {
      env.put(key, Integer.toString(freePort()));
    }
    // The nodes of one test share the secrets they generate (cluster certificates, SCRAM decoy
    // secret, management token), as ./switchboard cluster N makes its nodes do.
    env.put("SWITCHBOARD_SECRETS_DIR", workDir.resolve("secrets").toString());
    env.put("JAVA_OPTS", "-Xmx384m -Xss1m");
    // The build under test made the distribution; the script must run it, never rebuild it.
    env.put("SWITCHBOARD_NO_BUILD", "1");
    env.putAll(extra);
    return new NodeProcess(
        env, dataDir, workDir.resolve(name + ".log"), Integer.parseInt(env.get("SWITCHBOARD_MANAGEMENT_PORT")));
  }

  /** A free loopback port outside the ephemeral range ({@link FreePorts#next}). */
  public static int freePort() {
    return FreePorts.next();
  }

  public String env(String key) {
    return env.get(key);
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path log() {
    return log;
  }

  public NodeProcess start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("switchboard").toString(), "start");
    pb.directory(REPO.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    return this;
  }

  /** Polls /ready until it answers 200; returns the time it took, or throws with the log tail. */
  public Duration awaitReady(Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + ":\n" + logTail());
      }
      if (readyStatus() == 200) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("node not ready within " + timeout + ":\n" + logTail());
  }

  /** The HTTP status of /ready, or -1 when nothing answers. */
  public int readyStatus() {
    return status("/ready");
  }

  /**
   * The management token the node generated in the shared secrets directory (the admin routes
   * need it), or "" before it exists.
   */
  public String managementToken() {
    try {
      return Files.readString(Path.of(env.get("SWITCHBOARD_SECRETS_DIR")).resolve("management.token")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** The body of a management endpoint (with the management token), or "" when nothing answers. */
  public String body(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
              .header("Authorization", "Bearer " + managementToken())
              .timeout(Duration.ofSeconds(3))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  public int status(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
              .timeout(Duration.ofSeconds(3))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code, or throws after the timeout. */
  public int sigterm(Duration timeout) throws Exception {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running " + timeout + " after SIGTERM:\n" + logTail());
    }
    return process.exitValue();
  }

  /** Waits for the node to exit on its own; returns the exit code, or throws after the timeout. */
  public int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running after " + timeout + ":\n" + logTail());
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crashing machine would: no shutdown hook, no drain; waits for the exit. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Runs {@code ./switchboard ARGS} with this node's environment; returns exit code and output. */
  public CommandResult run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** As {@link #run(String...)}, with {@code extraEnv} added to the node's environment. */
  public CommandResult run(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(REPO.resolve("switchboard").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("command timed out: " + cmd);
    }
    return new CommandResult(p.exitValue(), out);
  }

  /** PIDs of live processes whose command line mentions this node's data directory. */
  public List<Long> processesUsingDataDir() {
    String needle = dataDir.toString();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(ProcessHandle::isAlive)
          .filter(ph -> cmdline(ph.pid()).contains(needle))
          .map(ProcessHandle::pid)
          .toList();
    }
  }

  private static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    for (long pid : processesUsingDataDir()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Exit code and combined output of a command. */
  public record CommandResult(int exitCode, String output) {}

  private static Path findRepo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("switchboard"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("./switchboard not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
