package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The consistency rules every rendering (chart value sets, kustomize overlays) must satisfy:
 * selectors, ports, probes, RBAC, the node's cluster environment and the pod's security settings.
 */
final class WorkloadChecks {
  private WorkloadChecks() {}

  /** All checks; namespace is where the release lives (for the RoleBinding subject). */
  static void assertConsistent(Workload w, String namespace) {
    podLabelsMatchDeploymentSelector(w);
    discoverySelectorSelectsOnlyNodePods(w);
    servicesSelectPodsAndTargetNamedPorts(w);
    internalServicePublishesNotReadyAddresses(w);
    pdbSelectsNodePods(w);
    probesUseNamedPortsAndHealthPaths(w);
    roleGrantsPodReadsToThePodsServiceAccount(w, namespace);
    clusterEnvironmentIsComplete(w);
    replicasAndContactPointsAgree(w);
    gracePeriodCoversTheDrain(w);
    podIsLockedDown(w);
    clusterSecretsFromSecrets(w);
    networkPolicyKeepsClusterPortsToNodePods(w);
  }

  /**
   * Issue #23: with cluster TLS on, the certificate files come from a Secret volume; the
   * management token and the SCRAM decoy secret, when set, from Secrets too; management binds
   * the pod IP.
   */
  static void clusterSecretsFromSecrets(Workload w) {
    Map<String, String> env = w.env();
    if ("true".equals(env.get("SWITCHBOARD_CLUSTER_TLS")) && !env.getOrDefault("SWITCHBOARD_CLUSTER_TLS_CERT", "").isEmpty()) {
      for (String key : List.of("SWITCHBOARD_CLUSTER_TLS_CERT", "SWITCHBOARD_CLUSTER_TLS_KEY", "SWITCHBOARD_CLUSTER_TLS_CA")) {
        assertMountedFromSecret(w, env.get(key));
      }
    }
    for (String key : List.of("SWITCHBOARD_MANAGEMENT_TOKEN", "SWITCHBOARD_SASL_DECOY_SECRET")) {
      if (env.containsKey(key)) {
        assertThat(env.get(key)).as(key + " from a Secret").startsWith("secretKeyRef:");
      }
    }
    assertThat(env).containsEntry("SWITCHBOARD_MANAGEMENT_BIND", "fieldRef:status.podIP");
  }

  /**
   * Issue #23: a NetworkPolicy, when there is one, selects the node pods, and admits the remoting
   * and management ports only from the node pods (a rule without {@code from} admits everyone).
   */
  static void networkPolicyKeepsClusterPortsToNodePods(Workload w) {
    for (NetworkPolicy np : w.all(NetworkPolicy.class)) {
      String name = np.getMetadata().getName();
      assertThat(Workload.matches(np.getSpec().getPodSelector().getMatchLabels(), w.podLabels()))
          .as("NetworkPolicy %s selects the node pods", name).isTrue();
      assertThat(np.getSpec().getPolicyTypes()).as("NetworkPolicy %s", name).contains("Ingress");
      for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
        boolean clusterPort = rule.getPorts().stream().map(NetworkPolicyPort::getPort)
            .anyMatch(p -> "remoting".equals(p.getStrVal()) || "management".equals(p.getStrVal())
                || Integer.valueOf(7355).equals(p.getIntVal()) || Integer.valueOf(7626).equals(p.getIntVal()));
        if (!clusterPort) {
          continue;
        }
        assertThat(rule.getFrom()).as("NetworkPolicy %s: who reaches remoting/management", name).isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getIpBlock()).as("no ipBlock for the cluster ports").isNull();
          assertThat(peer.getNamespaceSelector()).as("no other namespaces for the cluster ports").isNull();
          assertThat(peer.getPodSelector()).isNotNull();
          assertThat(Workload.matches(peer.getPodSelector().getMatchLabels(), w.podLabels()))
              .as("NetworkPolicy %s: the cluster ports' peers are the node pods", name).isTrue();
          w.podLabelsByOwner().forEach((owner, labels) -> {
            if (!owner.equals("Deployment/" + w.deployment().getMetadata().getName())) {
              assertThat(Workload.matches(peer.getPodSelector().getMatchLabels(), labels))
                  .as("NetworkPolicy %s must not admit %s to the cluster ports", name, owner).isFalse();
            }
          });
        }
      }
    }
  }

  static void podLabelsMatchDeploymentSelector(Workload w) {
    Map<String, String> selector = w.deployment().getSpec().getSelector().getMatchLabels();
    assertThat(selector).as("Deployment selector").isNotEmpty();
    assertThat(w.podLabels()).as("pod labels").containsAllEntriesOf(selector);
  }

  static void discoverySelectorSelectsOnlyNodePods(Workload w) {
    String raw = w.env().get("SWITCHBOARD_K8S_POD_LABEL_SELECTOR");
    assertThat(raw).as("SWITCHBOARD_K8S_POD_LABEL_SELECTOR").isNotBlank();
    Map<String, String> selector = Workload.parseSelector(raw);
    String node = "Deployment/" + w.deployment().getMetadata().getName();
    w.podLabelsByOwner().forEach((owner, labels) -> {
      if (owner.equals(node)) {
        assertThat(Workload.matches(selector, labels))
            .as("discovery selector %s matches the node pods %s", raw, labels).isTrue();
      } else {
        assertThat(Workload.matches(selector, labels))
            .as("discovery selector %s must not match %s %s", raw, owner, labels).isFalse();
      }
    });
  }

  static void servicesSelectPodsAndTargetNamedPorts(Workload w) {
    assertThat(w.all(Service.class)).as("Services").isNotEmpty();
    for (Service s : w.all(Service.class)) {
      String name = s.getMetadata().getName();
      Map<String, String> selector = s.getSpec().getSelector();
      assertThat(selector).as("selector of Service %s", name).isNotEmpty();
      List<PodSpec> selected = selectedPodSpecs(w, selector);
      assertThat(selected).as("pod templates selected by Service %s (%s)", name, selector).hasSize(1);
      List<ContainerPort> ports = containerPorts(selected.get(0));
      for (ServicePort p : s.getSpec().getPorts()) {
        IntOrString target = p.getTargetPort();
        assertThat(target).as("Service %s port %s has a targetPort", name, p.getName()).isNotNull();
        assertThat(target.getStrVal())
            .as("Service %s port %s targets a port by name", name, p.getName()).isNotNull();
        assertThat(ports).extracting(ContainerPort::getName)
            .as("Service %s targetPort %s is a named container port", name, target.getStrVal())
            .contains(target.getStrVal());
      }
    }
  }

  static void internalServicePublishesNotReadyAddresses(Workload w) {
    List<Service> headless = w.all(Service.class).stream()
        .filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .filter(s -> Workload.matches(s.getSpec().getSelector(), w.podLabels()))
        .toList();
    assertThat(headless).as("headless Service of the nodes").hasSize(1);
    Service internal = headless.get(0);
    assertThat(internal.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(internal.getSpec().getPorts()).extracting(ServicePort::getName)
        .contains("management", "remoting");
  }

  static void pdbSelectsNodePods(Workload w) {
    List<PodDisruptionBudget> pdbs = w.all(PodDisruptionBudget.class);
    assertThat(pdbs).as("PodDisruptionBudget").hasSize(1);
    PodDisruptionBudget pdb = pdbs.get(0);
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
    assertThat(Workload.matches(selector, w.podLabels())).as("PDB selects the node pods").isTrue();
    w.podLabelsByOwner().forEach((owner, labels) -> {
      if (!owner.startsWith("Deployment/")) {
        assertThat(Workload.matches(selector, labels)).as("PDB must not select %s", owner).isFalse();
      }
    });
  }

  static void probesUseNamedPortsAndHealthPaths(Workload w) {
    Container c = w.container();
    Set<String> names = c.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
    assertThat(names).contains("management", "remoting", "c2s");
    String portName = w.env().get("SWITCHBOARD_K8S_MANAGEMENT_PORT_NAME");
    assertThat(portName).as("discovery port name").isEqualTo("management");
    int management = c.getPorts().stream().filter(p -> "management".equals(p.getName()))
        .findFirst().orElseThrow().getContainerPort();
    assertThat(w.env().get("SWITCHBOARD_MANAGEMENT_PORT")).isEqualTo(String.valueOf(management));
    assertThat(w.env().get("SWITCHBOARD_CLUSTER_PORT")).isEqualTo(String.valueOf(c.getPorts()
        .stream().filter(p -> "remoting".equals(p.getName())).findFirst().orElseThrow()
        .getContainerPort()));
    assertHttpProbe("startupProbe", c.getStartupProbe(), "/ready", names);
    assertHttpProbe("readinessProbe", c.getReadinessProbe(), "/ready", names);
    assertHttpProbe("livenessProbe", c.getLivenessProbe(), "/alive", names);
    for (PodSpec spec : otherPodSpecs(w)) {
      for (Container other : spec.getContainers()) {
        Set<String> otherNames =
            other.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        for (Probe probe : new Probe[] {other.getReadinessProbe(), other.getLivenessProbe()}) {
          if (probe != null && probe.getTcpSocket() != null) {
            assertThat(otherNames).contains(probe.getTcpSocket().getPort().getStrVal());
          }
        }
      }
    }
  }

  private static void assertHttpProbe(String what, Probe probe, String path, Set<String> portNames) {
    assertThat(probe).as(what).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as(what + " is an HTTP GET").isNotNull();
    assertThat(get.getPath()).as(what + " path").isEqualTo(path);
    assertThat(get.getPort().getStrVal()).as(what + " port by name").isEqualTo("management");
    assertThat(portNames).contains(get.getPort().getStrVal());
  }

  static void roleGrantsPodReadsToThePodsServiceAccount(Workload w, String namespace) {
    String serviceAccount = w.podTemplate().getSpec().getServiceAccountName();
    assertThat(serviceAccount).as("pod serviceAccountName").isNotBlank();
    Optional<ServiceAccount> sa = w.named(ServiceAccount.class, serviceAccount);
    assertThat(sa).as("ServiceAccount %s is rendered", serviceAccount).isPresent();
    String expectedNamespace = Optional.ofNullable(sa.get().getMetadata().getNamespace()).orElse(namespace);

    List<RoleBinding> bindings = w.all(RoleBinding.class).stream()
        .filter(b -> b.getSubjects().stream().anyMatch(s -> isServiceAccount(s, serviceAccount, expectedNamespace)))
        .toList();
    assertThat(bindings).as("RoleBinding of ServiceAccount %s in %s", serviceAccount, expectedNamespace)
        .isNotEmpty();
    boolean granted = false;
    for (RoleBinding b : bindings) {
      assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(b.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
      Role role = w.named(Role.class, b.getRoleRef().getName())
          .orElseThrow(() -> new AssertionError("RoleBinding refers to a Role not rendered: " + b.getRoleRef()));
      for (PolicyRule rule : role.getRules()) {
        if (rule.getApiGroups().contains("") && rule.getResources().contains("pods")
            && rule.getVerbs().containsAll(List.of("get", "watch", "list"))) {
          granted = true;
        }
      }
    }
    assertThat(granted).as("a bound Role grants pods get/watch/list").isTrue();
    if ("lease-majority".equals(w.env().get("SWITCHBOARD_SBR_STRATEGY"))) {
      boolean leases = bindings.stream()
          .map(b -> w.named(Role.class, b.getRoleRef().getName()).orElseThrow())
          .flatMap(r -> r.getRules().stream())
          .anyMatch(r -> r.getApiGroups().contains("pekko.apache.org") && r.getResources().contains("leases")
              && r.getVerbs().containsAll(List.of("get", "create", "update")));
      assertThat(leases).as("lease-majority: the Role grants pekko.apache.org leases").isTrue();
    }
  }

  private static boolean isServiceAccount(Subject s, String name, String namespace) {
    return "ServiceAccount".equals(s.getKind()) && name.equals(s.getName()) && namespace.equals(s.getNamespace());
  }

  static void clusterEnvironmentIsComplete(Workload w) {
    Map<String, String> env = w.env();
    assertThat(env)
        .containsEntry("SWITCHBOARD_CLUSTER_DISCOVERY", "kubernetes-api")
        .containsEntry("SWITCHBOARD_CLUSTER_HOST", "fieldRef:status.podIP")
        .containsEntry("SWITCHBOARD_K8S_NAMESPACE", "fieldRef:metadata.namespace")
        .containsKeys("SWITCHBOARD_DOMAIN", "SWITCHBOARD_K8S_SERVICE_NAME", "SWITCHBOARD_APP_VERSION",
            "SWITCHBOARD_DATA_DIR", "SWITCHBOARD_DRAIN_WINDOW");
    assertThat(env.get("SWITCHBOARD_CASSANDRA_CONTACT_POINTS")).as("Cassandra contact points").isNotBlank();
    assertThat(env).doesNotContainKey("SWITCHBOARD_SEED_NODES");
    assertThat(env.get("SWITCHBOARD_SBR_STRATEGY")).isIn("keep-majority", "lease-majority");
    assertThat(env.get("SWITCHBOARD_DRAIN_WINDOW")).matches("[0-9]+s");
    if (env.containsKey("SWITCHBOARD_CASSANDRA_PASSWORD")) {
      assertThat(env.get("SWITCHBOARD_CASSANDRA_PASSWORD")).as("password from a Secret").startsWith("secretKeyRef:");
    }
    if (env.containsKey("SWITCHBOARD_TLS_CERT")) {
      assertMountedFromSecret(w, env.get("SWITCHBOARD_TLS_CERT"));
      assertMountedFromSecret(w, env.get("SWITCHBOARD_TLS_KEY"));
    }
  }

  private static void assertMountedFromSecret(Workload w, String file) {
    VolumeMount mount = w.container().getVolumeMounts().stream()
        .filter(m -> file.startsWith(m.getMountPath() + "/"))
        .findFirst().orElseThrow(() -> new AssertionError("no volume mounted for " + file));
    Volume volume = w.podTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertThat(volume.getSecret()).as("%s comes from a Secret volume", file).isNotNull();
  }

  static void replicasAndContactPointsAgree(Workload w) {
    int required = Integer.parseInt(w.env().get("SWITCHBOARD_K8S_REQUIRED_CONTACT_POINTS"));
    List<HorizontalPodAutoscaler> hpas = w.all(HorizontalPodAutoscaler.class);
    if (hpas.isEmpty()) {
      Integer replicas = w.deployment().getSpec().getReplicas();
      assertThat(replicas).as("replicas").isNotNull();
      assertThat(required).as("required contact points = replicas").isEqualTo(replicas);
    } else {
      HorizontalPodAutoscaler hpa = hpas.get(0);
      assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(w.deployment().getMetadata().getName());
      assertThat(w.deployment().getSpec().getReplicas()).as("replicas left to the HPA").isNull();
      assertThat(required).as("required contact points = HPA minReplicas").isEqualTo(hpa.getSpec().getMinReplicas());
      assertThat(hpa.getSpec().getMetrics()).anySatisfy(m ->
          assertThat(m.getResource().getName()).isEqualTo("cpu"));
    }
  }

  static void gracePeriodCoversTheDrain(Workload w) {
    long drain = Long.parseLong(w.env().get("SWITCHBOARD_DRAIN_WINDOW").replace("s", ""));
    List<String> preStop = w.container().getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
    long sleep = Long.parseLong(preStop.get(1));
    long grace = w.podTemplate().getSpec().getTerminationGracePeriodSeconds();
    // The node allows the drain phase drain + 15 s, then sharding hand-off, leaving, Cassandra.
    assertThat(grace).as("terminationGracePeriodSeconds").isGreaterThanOrEqualTo(sleep + drain + 30);
  }

  static void podIsLockedDown(Workload w) {
    PodSpec spec = w.podTemplate().getSpec();
    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container c = w.container();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    String dataDir = w.env().get("SWITCHBOARD_DATA_DIR");
    for (String writable : List.of("/tmp", dataDir)) {
      VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(writable))
          .findFirst().orElseThrow(() -> new AssertionError("no writable volume at " + writable));
      assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
      Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
          .findFirst().orElseThrow();
      assertThat(volume.getEmptyDir()).as("%s is an emptyDir", writable).isNotNull();
    }
    assertThat(spec.getTopologySpreadConstraints()).extracting(t -> t.getTopologyKey())
        .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    spec.getTopologySpreadConstraints().forEach(t ->
        assertThat(Workload.matches(t.getLabelSelector().getMatchLabels(), w.podLabels())).isTrue());
  }

  private static List<PodSpec> selectedPodSpecs(Workload w, Map<String, String> selector) {
    List<PodSpec> specs = new java.util.ArrayList<>();
    for (Deployment d : w.all(Deployment.class)) {
      if (Workload.matches(selector, d.getSpec().getTemplate().getMetadata().getLabels())) {
        specs.add(d.getSpec().getTemplate().getSpec());
      }
    }
    for (StatefulSet s : w.all(StatefulSet.class)) {
      if (Workload.matches(selector, s.getSpec().getTemplate().getMetadata().getLabels())) {
        specs.add(s.getSpec().getTemplate().getSpec());
      }
    }
    return specs;
  }

  private static List<PodSpec> otherPodSpecs(Workload w) {
    return w.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate().getSpec()).toList();
  }

  private static List<ContainerPort> containerPorts(PodSpec spec) {
    return spec.getContainers().stream().flatMap(c -> c.getPorts().stream()).toList();
  }
}
