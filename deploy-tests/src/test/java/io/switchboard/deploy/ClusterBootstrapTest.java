package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.discovery.Discovery;
import org.apache.pekko.discovery.Lookup;
import org.apache.pekko.discovery.ServiceDiscovery;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Pekko Cluster Bootstrap with kubernetes-api discovery, configured from the node's
 * kubernetes.conf and the environment the chart renders, forms one 3-member cluster of three
 * ActorSystems against fabric8's mock API server (CRUD mode) serving the chart's pods. The pods
 * carry IPs 127.0.0.2-4, so each system binds the same management port on its own address, as
 * pods do. A pod of another component (the bundled Cassandra's labels) and a node pod that is
 * not Running are served too and must not be contact points. A fourth pod added later joins the
 * running cluster (required-contact-point-nr only gates forming a new one), and a stopped node
 * leaves it.
 */
class ClusterBootstrapTest {
  private static final String SYSTEM_NAME = "switchboard"; // ClusterSettings.SYSTEM_NAME
  private static final List<String> POD_IPS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");

  private static final String SCALED_POD_IP = "127.0.0.5";

  private KubernetesMockServer server;
  private final List<ActorSystem<Void>> systems = new ArrayList<>();
  private Workload chart;
  private Map<String, String> env;
  private int managementPort;
  private int remotingPort;
  private Path token;
  private String caPath;

  @TempDir
  Path tmp;

  @BeforeEach
  void startApiServer() {
    String port = System.getenv("KUBERNETES_SERVICE_PORT");
    Assumptions.assumeTrue(port != null && "localhost".equals(System.getenv("KUBERNETES_SERVICE_HOST")),
        "needs KUBERNETES_SERVICE_HOST=localhost and KUBERNETES_SERVICE_PORT (set by this module's surefire configuration)");
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new JsonContentType(new KubernetesCrudDispatcher()), true);
    server.init(InetAddress.getLoopbackAddress(), Integer.parseInt(port));
  }

  @AfterEach
  void stop() {
    for (ActorSystem<Void> system : systems) {
      system.terminate();
    }
    for (ActorSystem<Void> system : systems) {
      try {
        FutureConverters.asJava(system.whenTerminated()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: the JVM ends anyway
      }
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void bootstrap_threePodsAsTheChartLabelsThem_formOneClusterOfThree() throws Exception {
    startThreePods();

    // Discovery, as configured, returns exactly the three Running node pods on the named port.
    ServiceDiscovery discovery = Discovery.get(systems.get(0)).loadServiceDiscovery("kubernetes-api");
    ServiceDiscovery.Resolved resolved = FutureConverters.asJava(discovery.lookup(
            Lookup.create(env.get("SWITCHBOARD_K8S_SERVICE_NAME")).withPortName("management"),
            scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS)))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertThat(CollectionConverters.asJava(resolved.addresses()))
        .extracting(t -> t.host() + ":" + t.port().get())
        .containsExactlyInAnyOrderElementsOf(
            POD_IPS.stream().map(ip -> ip + ":" + managementPort).toList());

    awaitUpMembers(systems, POD_IPS.size());
    for (ActorSystem<Void> system : systems) {
      Set<Member> members = upMembers(system);
      assertThat(members).extracting(m -> m.address().host().get())
          .as("Up members seen by %s", Cluster.get(system).selfMember().address())
          .containsExactlyInAnyOrderElementsOf(POD_IPS);
      assertThat(members).extracting(m -> m.appVersion().version())
          .as("pekko.cluster.app-version from the chart's appVersion")
          .containsOnly(env.get("SWITCHBOARD_APP_VERSION"));
    }
    // The pod with the lowest address formed the cluster; the others joined it.
    assertThat(Cluster.get(systems.get(0)).state().getLeader().host().get()).isEqualTo("127.0.0.2");
  }

  @Test
  void bootstrap_aFourthPod_joinsTheRunningCluster_andAStoppedPodLeavesIt() throws Exception {
    startThreePods();
    awaitUpMembers(systems, 3);

    // Scale up: one more pod, as the Deployment would create it.
    try (KubernetesClient client = server.createClient()) {
      client.pods().inNamespace(Chart.NAMESPACE)
          .resource(pod(chart, "sb-switchboard-3", chart.podLabels(), SCALED_POD_IP, "Running", managementPort))
          .create();
    }
    ActorSystem<Void> fourth = startNode(podEnv(SCALED_POD_IP), SCALED_POD_IP);
    systems.add(fourth);
    awaitUpMembers(systems, 4);
    assertThat(upMembers(systems.get(0))).extracting(m -> m.address().host().get()).contains(SCALED_POD_IP);

    // Scale down: the pod is deleted and its node shuts down (Coordinated Shutdown leaves the cluster).
    try (KubernetesClient client = server.createClient()) {
      client.pods().inNamespace(Chart.NAMESPACE).withName("sb-switchboard-3").delete();
    }
    fourth.terminate();
    FutureConverters.asJava(fourth.whenTerminated()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    systems.remove(systems.size() - 1); // fourth
    awaitUpMembers(systems, 3);
    for (ActorSystem<Void> system : systems) {
      assertThat(Cluster.get(system).state().getMembers()).extracting(m -> m.address().host().get())
          .as("members after the scale-down, seen by %s", Cluster.get(system).selfMember().address())
          .containsExactlyInAnyOrderElementsOf(POD_IPS);
    }
  }

  /** The chart's defaults rendered; three node pods and two decoys in the mock; three nodes started. */
  private void startThreePods() throws Exception {
    chart = new Workload(Manifests.parse(Chart.template(ValueSet.DEFAULTS)));
    env = chart.env();
    List<String> all = new ArrayList<>(POD_IPS);
    all.add(SCALED_POD_IP);
    managementPort = freePortOnAll(all);
    remotingPort = freePortOnAll(all);

    try (KubernetesClient client = server.createClient()) {
      for (int i = 0; i < POD_IPS.size(); i++) {
        client.pods().inNamespace(Chart.NAMESPACE)
            .resource(pod(chart, "sb-switchboard-" + i, chart.podLabels(), POD_IPS.get(i), "Running", managementPort))
            .create();
      }
      Map<String, String> cassandraLabels = new LinkedHashMap<>(chart.podLabels());
      cassandraLabels.put("app.kubernetes.io/component", "cassandra");
      client.pods().inNamespace(Chart.NAMESPACE)
          .resource(pod(chart, "sb-switchboard-cassandra-0", cassandraLabels, "127.0.0.6", "Running", managementPort))
          .create();
      client.pods().inNamespace(Chart.NAMESPACE)
          .resource(pod(chart, "sb-switchboard-pending", chart.podLabels(), "127.0.0.7", "Pending", managementPort))
          .create();
      assertThat(client.pods().inNamespace(Chart.NAMESPACE).list().getItems()).hasSize(5);
    }

    token = Files.writeString(tmp.resolve("token"), "test-token");
    caPath = server.getSelfSignedCertificate().certificatePath();
    for (String ip : POD_IPS) {
      systems.add(startNode(podEnv(ip), ip));
    }
  }

  /** The chart's environment as the kubelet completes it for the pod with this IP. */
  private Map<String, String> podEnv(String ip) {
    Map<String, String> podEnv = new LinkedHashMap<>(env);
    podEnv.put("SWITCHBOARD_CLUSTER_HOST", ip); // downward API: status.podIP
    podEnv.put("SWITCHBOARD_K8S_NAMESPACE", Chart.NAMESPACE); // downward API: metadata.namespace
    // Free ports instead of 7626/7355: other processes on this machine may hold those.
    podEnv.put("SWITCHBOARD_MANAGEMENT_PORT", String.valueOf(managementPort));
    podEnv.put("SWITCHBOARD_CLUSTER_PORT", String.valueOf(remotingPort));
    return podEnv;
  }

  /** Waits (at most 60 s) until every system sees exactly count members, all Up. */
  private static void awaitUpMembers(List<ActorSystem<Void>> systems, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !systems.stream().allMatch(s -> allUp(s, count))) {
      Thread.sleep(250);
    }
  }

  private static boolean allUp(ActorSystem<Void> system, int count) {
    long members = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false).count();
    return members == count && upMembers(system).size() == count;
  }

  private ActorSystem<Void> startNode(Map<String, String> podEnv, String ip) {
    // As the node does it (resolve against the environment), with the pod's environment instead
    // of this JVM's: the variables are top-level keys while resolving, and removed afterwards.
    Config kubernetes = ConfigFactory.parseMap(podEnv)
        .withFallback(ConfigFactory.parseFile(Repo.kubernetesConf().toFile()))
        .resolve(ConfigResolveOptions.noSystem());
    for (String variable : podEnv.keySet()) {
      kubernetes = kubernetes.withoutPath(variable);
    }
    // What the node sets from its own settings (ClusterSettings.pekkoOverrides) under kubernetes.conf.
    Config node = ConfigFactory.parseMap(Map.of(
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.transport", "tcp",
        "pekko.remote.artery.canonical.hostname", podEnv.get("SWITCHBOARD_CLUSTER_HOST"),
        "pekko.remote.artery.canonical.port", podEnv.get("SWITCHBOARD_CLUSTER_PORT"),
        "pekko.management.http.hostname", podEnv.get("SWITCHBOARD_CLUSTER_HOST"),
        "pekko.management.http.port", podEnv.get("SWITCHBOARD_MANAGEMENT_PORT"),
        // A pod binds 0.0.0.0 (SWITCHBOARD_BIND); here three "pods" share one host, so each binds its IP.
        "pekko.management.http.bind-hostname", ip,
        "pekko.loglevel", "INFO",
        "pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
        "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"));
    // Test-only: the mock API server's CA and token, and no JVM exit when the test stops a system.
    Config testOnly = ConfigFactory.parseMap(Map.of(
        "pekko.discovery.kubernetes-api.api-ca-path", caPath,
        "pekko.discovery.kubernetes-api.api-token-path", token.toString(),
        "pekko.coordinated-shutdown.exit-jvm", "off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off",
        "pekko.cluster.jmx.enabled", "off"));
    Config full = testOnly.withFallback(kubernetes).withFallback(node)
        .withFallback(ConfigFactory.defaultReference()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, full);
    PekkoManagement.get(system).start().toCompletableFuture().join();
    ClusterBootstrap.get(system).start();
    return system;
  }

  private static Pod pod(Workload chart, String name, Map<String, String> labels, String ip, String phase,
      int managementPort) {
    PodSpec spec = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
        .clone(chart.podTemplate().getSpec());
    for (ContainerPort p : spec.getContainers().get(0).getPorts()) {
      if ("management".equals(p.getName())) {
        p.setContainerPort(managementPort);
      }
    }
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(Chart.NAMESPACE).withLabels(labels).endMetadata()
        .withSpec(spec)
        .withNewStatus().withPhase(phase).withPodIP(ip).endStatus()
        .build();
  }

  private static Set<Member> upMembers(ActorSystem<Void> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .collect(Collectors.toSet());
  }

  /** A port free on every given loopback address (each "pod" binds it on its own IP). */
  private static int freePortOnAll(List<String> ips) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ips.get(0)))) {
        port = s.getLocalPort();
      }
      boolean free = true;
      for (String ip : ips) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(ip, port));
        } catch (IOException e) {
          free = false;
          break;
        }
      }
      if (free) {
        return port;
      }
    }
    throw new IOException("no port free on all of " + ips);
  }
}
