package io.switchboard.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.switchboard.persistence.testkit.CassandraInDocker;
import io.switchboard.persistence.testkit.Docker;
import io.switchboard.persistence.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Switchboard node as a pod of the chart would run it, in a container of the image built
 * from the repository's Dockerfile: the environment is exactly what the chart renders for its
 * container (ConfigMap plus env, the downward-API fields filled in as the kubelet would), and
 * the container gets the chart's security context (its uid, read-only root filesystem, all
 * capabilities dropped, no privilege escalation), its memory limit, and its volumes: emptyDirs at
 * /tmp and /var/lib/switchboard, the TLS Secret at /etc/switchboard/tls and the service account.
 *
 * <p>Host networking keeps the traffic on loopback, so every "pod" has its own 127.0.0.x address
 * and, because the listeners bind 0.0.0.0 there, its own ports (rendered through the chart's
 * {@code ports.*} values). Ready when {@code /ready} on its management port answers 200.
 */
final class NodeContainer implements AutoCloseable {
  private static final Duration POLL_READY = Duration.ofMillis(500);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Ports(int c2s, int c2sTls, int s2s, int component, int http, int management, int remoting) {
    static Ports free() {
      return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
          FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    Map<String, Object> values() {
      return Map.of("ports.c2s", c2s, "ports.c2sTls", c2sTls, "ports.s2s", s2s, "ports.component", component,
          "ports.http", http, "ports.management", management, "ports.remoting", remoting);
    }
  }

  final String name;
  final String podIp;
  final Ports ports;
  final Workload chart;
  final Map<String, String> env;
  private final String managementToken;
  private final GenericContainer<?> container;
  private volatile long startedAt;
  private volatile long readyAt;

  /**
   * Renders the chart for this pod (the shared values plus its ports) and prepares the container.
   *
   * @param values chart values shared by all pods (Cassandra, the TLS Secret)
   */
  NodeContainer(
      String name, String podIp, Map<String, Object> values, KubernetesApiStandIn api, Path tlsDir,
      ReleaseSecrets secrets) {
    this.name = name;
    this.podIp = podIp;
    this.ports = Ports.free();
    this.managementToken = secrets.value(ReleaseSecrets.MANAGEMENT_TOKEN);
    Map<String, Object> all = new LinkedHashMap<>(values);
    all.putAll(ports.values());
    this.chart = new Workload(Manifests.parse(Chart.template(ValueSet.DEFAULTS, all)));
    this.env = podEnv(chart, podIp, api, secrets);
    SecurityContext security = chart.container().getSecurityContext();
    var podSecurity = chart.podTemplate().getSpec().getSecurityContext();
    long memory = Quantity.getAmountInBytes(chart.container().getResources().getLimits().get("memory")).longValue();
    Path log = logFile(name);
    container = new GenericContainer<>(DockerImageName.parse(Docker.SWITCHBOARD_IMAGE))
        .withNetworkMode("host")
        .withEnv(env)
        // emptyDir volumes (exec allowed, as an emptyDir is: netty-tcnative unpacks its library to /tmp)
        .withTmpFs(Map.of("/tmp", "rw,exec", "/var/lib/switchboard", "rw"))
        .withFileSystemBind(tlsDir.toString(), "/etc/switchboard/tls", BindMode.READ_ONLY)
        .withFileSystemBind(secrets.clusterTlsDir().toString(), "/etc/switchboard/cluster-tls", BindMode.READ_ONLY)
        .withFileSystemBind(api.serviceAccountDir().toString(), KubernetesApiStandIn.SERVICE_ACCOUNT_MOUNT,
            BindMode.READ_ONLY)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withName(Docker.containerName(name));
          cmd.withUser(podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup());
          cmd.getHostConfig()
              .withReadonlyRootfs(Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()))
              .withCapDrop(security.getCapabilities().getDrop().contains("ALL") ? new Capability[] {Capability.ALL} : new Capability[0])
              .withSecurityOpts(Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                  ? java.util.List.of("no-new-privileges") : java.util.List.of())
              .withMemory(memory)
              .withMemorySwap(memory);
        })
        .withLogConsumer(frame -> CassandraInDocker.append(log, frame))
        .withStartupAttempts(1)
        .waitingFor(new Ready().withStartupTimeout(Duration.ofSeconds(300)));
  }

  /** The chart's environment with the kubelet's parts (fields, the release's Secret) filled in for this pod. */
  private static Map<String, String> podEnv(
      Workload chart, String podIp, KubernetesApiStandIn api, ReleaseSecrets secrets) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : chart.env().entrySet()) {
      String value = switch (e.getValue()) {
        case "fieldRef:status.podIP" -> podIp;
        case "fieldRef:metadata.namespace" -> Chart.NAMESPACE;
        default -> {
          if (e.getValue().startsWith("secretKeyRef:")) {
            yield secrets.resolve(e.getValue().substring("secretKeyRef:".length()));
          }
          if (e.getValue().contains("Ref:")) {
            throw new AssertionError("the test cannot fill in " + e.getKey() + "=" + e.getValue());
          }
          yield e.getValue();
        }
      };
      env.put(e.getKey(), value);
    }
    env.putAll(api.kubeletEnv());
    return env;
  }

  /** Starts the container and waits until /ready answers 200 (the chart's startup probe). */
  void start() {
    startedAt = System.nanoTime();
    container.start();
    readyAt = System.nanoTime();
  }

  Duration startToReady() {
    return Duration.ofNanos(readyAt - startedAt);
  }

  InetSocketAddress c2s() {
    return new InetSocketAddress(podIp, ports.c2s());
  }

  String containerId() {
    return container.getContainerId();
  }

  /** The pod's cluster address as members and regions report it ("host:port" suffix). */
  String clusterAddressSuffix() {
    return "@" + podIp + ":" + ports.remoting();
  }

  /** {@code docker stop -t grace}: SIGTERM, then SIGKILL after the grace period. */
  StopResult stop(Duration grace) {
    DockerClient docker = container.getDockerClient();
    long t0 = System.nanoTime();
    docker.stopContainerCmd(containerId()).withTimeout((int) grace.toSeconds()).exec();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    var state = docker.inspectContainerCmd(containerId()).exec().getState();
    return new StopResult(state.getExitCodeLong(), Boolean.TRUE.equals(state.getOOMKilled()), took);
  }

  record StopResult(Long exitCode, boolean oomKilled, Duration took) {}

  /** {@code docker kill}: SIGKILL, no shutdown at all (a node or kernel failure). */
  void kill() {
    container.getDockerClient().killContainerCmd(containerId()).exec();
  }

  /** {@code docker exec} of the admin command, as the README's kubectl exec runs it. */
  Container.ExecResult admin(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "/opt/switchboard/bin/switchboard";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      return container.execInContainer(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the process inside runs as PID 1 ("java ..."), and as which uid. */
  String pid1() {
    try {
      return container.execInContainer("sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; echo; id -u").getStdout();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int readyStatus() {
    return get("/ready").map(HttpResponse::statusCode).orElse(-1);
  }

  /** GET /switchboard/status as JSON, or null while the node does not answer. */
  JsonNode status() {
    return get("/switchboard/status").filter(r -> r.statusCode() == 200)
        .map(r -> JSON.readTree(r.body())).orElse(null);
  }

  private java.util.Optional<HttpResponse<String>> get(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + podIp + ":" + ports.management() + path))
          .header("Authorization", "Bearer " + managementToken)
          .timeout(Duration.ofSeconds(10)).build();
      return java.util.Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  boolean isRunning() {
    return container.isRunning();
  }

  @Override
  public void close() {
    container.stop(); // removes it (with Ryuk off nobody else would)
  }

  private static Path logFile(String name) {
    try {
      return Files.createDirectories(Path.of("target", "containers")).resolve(name + ".log").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart's startup probe: GET /ready on the management port until 200. */
  private final class Ready extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (readyStatus() != 200) {
        if (!waitStrategyTarget.isRunning()) {
          throw new ContainerLaunchException(name + " exited while starting; see target/containers/" + name + ".log");
        }
        if (System.nanoTime() > deadline) {
          throw new ContainerLaunchException(name + ": /ready not 200 within " + startupTimeout.toSeconds() + " s");
        }
        try {
          Thread.sleep(POLL_READY.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ContainerLaunchException(name + ": interrupted while waiting for /ready");
        }
      }
    }
  }
}
