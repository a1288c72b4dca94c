package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.switchboard.persistence.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * What Kubernetes gives a pod for Cluster Bootstrap, without a cluster: fabric8's mock API server
 * (CRUD mode, HTTPS, on loopback) serving the pods the test puts there, and the service-account
 * directory a pod gets mounted at /var/run/secrets/kubernetes.io/serviceaccount (token, the API
 * server's CA, namespace). The kubelet's KUBERNETES_SERVICE_HOST/PORT variables point at it.
 */
final class KubernetesApiStandIn implements AutoCloseable {
  static final String SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final KubernetesMockServer server;
  private final int port;
  private final Path serviceAccount;

  KubernetesApiStandIn(Path workDir) throws IOException {
    port = FreePorts.next();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new JsonContentType(new KubernetesCrudDispatcher()), true);
    server.init(InetAddress.getLoopbackAddress(), port);
    serviceAccount = Files.createDirectories(workDir.resolve("serviceaccount"));
    Files.writeString(serviceAccount.resolve("token"), "test-token");
    Files.copy(Path.of(server.getSelfSignedCertificate().certificatePath()), serviceAccount.resolve("ca.crt"));
    Files.writeString(serviceAccount.resolve("namespace"), Chart.NAMESPACE);
    // Readable by the container's non-root user.
    Files.setPosixFilePermissions(serviceAccount, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String f : new String[] {"token", "ca.crt", "namespace"}) {
      Files.setPosixFilePermissions(serviceAccount.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** The variables the kubelet sets in every container. */
  Map<String, String> kubeletEnv() {
    return Map.of("KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT", Integer.toString(port));
  }

  Path serviceAccountDir() {
    return serviceAccount;
  }

  /** A Running pod of the chart's Deployment, with this IP and management port. */
  void addPod(Workload chart, String name, String ip, int managementPort) {
    PodSpec spec = new KubernetesSerialization().clone(chart.podTemplate().getSpec());
    for (ContainerPort p : spec.getContainers().get(0).getPorts()) {
      if ("management".equals(p.getName())) {
        p.setContainerPort(managementPort);
      }
    }
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(Chart.NAMESPACE).withLabels(chart.podLabels()).endMetadata()
        .withSpec(spec)
        .withNewStatus().withPhase("Running").withPodIP(ip).endStatus()
        .build();
    try (KubernetesClient client = server.createClient()) {
      client.pods().inNamespace(Chart.NAMESPACE).resource(pod).create();
    }
  }

  /** The pod is gone (deleted after its container stopped, or its node failed). */
  void deletePod(String name) {
    try (KubernetesClient client = server.createClient()) {
      client.pods().inNamespace(Chart.NAMESPACE).withName(name).delete();
    }
  }

  @Override
  public void close() {
    server.destroy();
  }
}
