package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks are not vacuous: each one fails on a rendering with the mistake it guards against
 * (a typo'd field, bad YAML, a wrong type, selectors, ports and RBAC that do not line up).
 */
class ChecksCatchMistakesTest {
  private static List<HasMetadata> defaults() {
    return Manifests.parse(ChartRenderTest.rendered(ValueSet.DEFAULTS));
  }

  private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
    return new Workload(objects).named(type, name).orElseThrow();
  }

  @Test
  void unknownFields_typoInAContainer_isReported() {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: c
              image: busybox
              livenessProbe:
                httpGet:
                  path: /alive
                  prot: 7626
        """;
    assertThat(Manifests.unknownFields(Manifests.parse(yaml).get(0)))
        .containsExactly("Pod/p:.spec.containers[0].livenessProbe.httpGet.prot");
  }

  @Test
  void yamllint_duplicateKeyAndTrailingSpaces_fail() {
    Tools.Result r = Tools.yamllint("a: 1\na: 2 \n");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("duplication of key").contains("trailing-spaces");
  }

  @Test
  void schemaValidator_stringReplicas_fails() {
    Tools.Result r = SchemaValidator.validate("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          replicas: "3"
          selector:
            matchLabels:
              a: b
          template:
            metadata:
              labels:
                a: b
            spec:
              containers:
                - name: c
        """);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("INVALID apps/v1 Deployment/d").contains("replicas");
  }

  @Test
  void crossChecks_discoverySelectorOfAnotherRelease_fails() {
    List<HasMetadata> objects = defaults();
    ConfigMap cm = named(objects, ConfigMap.class, "sb-switchboard");
    cm.getData().put("SWITCHBOARD_K8S_POD_LABEL_SELECTOR", "app.kubernetes.io/name=switchboard,app.kubernetes.io/instance=other");
    assertThatThrownBy(() -> WorkloadChecks.discoverySelectorSelectsOnlyNodePods(new Workload(objects)))
        .hasMessageContaining("matches the node pods");
  }

  @Test
  void crossChecks_discoverySelectorAlsoMatchingCassandra_fails() {
    List<HasMetadata> objects = Manifests.parse(ChartRenderTest.rendered(ValueSet.TRIAL));
    ConfigMap cm = named(objects, ConfigMap.class, "sb-switchboard");
    cm.getData().put("SWITCHBOARD_K8S_POD_LABEL_SELECTOR", "app.kubernetes.io/instance=sb");
    assertThatThrownBy(() -> WorkloadChecks.discoverySelectorSelectsOnlyNodePods(new Workload(objects)))
        .hasMessageContaining("must not match StatefulSet/sb-switchboard-cassandra");
  }

  @Test
  void crossChecks_serviceTargetingAnUnnamedPort_fails() {
    List<HasMetadata> objects = defaults();
    Service lb = named(objects, Service.class, "sb-switchboard");
    lb.getSpec().getPorts().get(0).setTargetPort(new IntOrString("xmpp-client"));
    assertThatThrownBy(() -> WorkloadChecks.servicesSelectPodsAndTargetNamedPorts(new Workload(objects)))
        .hasMessageContaining("xmpp-client");
  }

  @Test
  void crossChecks_serviceSelectingNothing_fails() {
    List<HasMetadata> objects = defaults();
    Service lb = named(objects, Service.class, "sb-switchboard");
    lb.getSpec().setSelector(Map.of("app.kubernetes.io/name", "switchbord"));
    assertThatThrownBy(() -> WorkloadChecks.servicesSelectPodsAndTargetNamedPorts(new Workload(objects)))
        .hasMessageContaining("pod templates selected by Service sb-switchboard");
  }

  @Test
  void crossChecks_roleWithoutList_fails() {
    List<HasMetadata> objects = defaults();
    Role role = named(objects, Role.class, "sb-switchboard");
    role.getRules().get(0).setVerbs(List.of("get", "watch"));
    assertThatThrownBy(() -> WorkloadChecks.roleGrantsPodReadsToThePodsServiceAccount(new Workload(objects), Chart.NAMESPACE))
        .hasMessageContaining("grants pods get/watch/list");
  }

  @Test
  void crossChecks_bindingInAnotherNamespace_fails() {
    List<HasMetadata> objects = defaults();
    RoleBinding binding = named(objects, RoleBinding.class, "sb-switchboard");
    binding.getSubjects().get(0).setNamespace("default");
    assertThatThrownBy(() -> WorkloadChecks.roleGrantsPodReadsToThePodsServiceAccount(new Workload(objects), Chart.NAMESPACE))
        .hasMessageContaining("RoleBinding of ServiceAccount sb-switchboard in chat");
  }

  @Test
  void crossChecks_probeOnANumberInsteadOfTheNamedPort_fails() {
    List<HasMetadata> objects = defaults();
    new Workload(objects).container().getReadinessProbe().getHttpGet().setPort(new IntOrString(7626));
    assertThatThrownBy(() -> WorkloadChecks.probesUseNamedPortsAndHealthPaths(new Workload(objects)))
        .hasMessageContaining("readinessProbe port by name");
  }

  @Test
  void crossChecks_requiredContactPointsAboveReplicas_fails() {
    List<HasMetadata> objects = defaults();
    named(objects, ConfigMap.class, "sb-switchboard").getData().put("SWITCHBOARD_K8S_REQUIRED_CONTACT_POINTS", "5");
    assertThatThrownBy(() -> WorkloadChecks.replicasAndContactPointsAgree(new Workload(objects)))
        .hasMessageContaining("required contact points = replicas");
  }

  @Test
  void crossChecks_gracePeriodShorterThanTheDrain_fails() {
    List<HasMetadata> objects = defaults();
    new Workload(objects).podTemplate().getSpec().setTerminationGracePeriodSeconds(30L);
    assertThatThrownBy(() -> WorkloadChecks.gracePeriodCoversTheDrain(new Workload(objects)))
        .hasMessageContaining("terminationGracePeriodSeconds");
  }

  @Test
  void crossChecks_writableRootFilesystem_fails() {
    List<HasMetadata> objects = defaults();
    new Workload(objects).container().getSecurityContext().setReadOnlyRootFilesystem(false);
    assertThatThrownBy(() -> WorkloadChecks.podIsLockedDown(new Workload(objects)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void crossChecks_networkPolicyOpeningRemotingToEveryone_fails() {
    List<HasMetadata> objects = defaults();
    NetworkPolicy np = named(objects, NetworkPolicy.class, "sb-switchboard");
    np.getSpec().getIngress().get(0).setFrom(List.of());
    assertThatThrownBy(() -> WorkloadChecks.networkPolicyKeepsClusterPortsToNodePods(new Workload(objects)))
        .hasMessageContaining("who reaches remoting/management");
    List<HasMetadata> again = defaults();
    named(again, NetworkPolicy.class, "sb-switchboard").getSpec().getIngress().get(0).getFrom().get(0)
        .getPodSelector().setMatchLabels(Map.of());
    assertThatThrownBy(() -> WorkloadChecks.networkPolicyKeepsClusterPortsToNodePods(new Workload(again)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void crossChecks_managementTokenInTheConfigMap_fails() {
    List<HasMetadata> objects = defaults();
    named(objects, ConfigMap.class, "sb-switchboard").getData().put("SWITCHBOARD_MANAGEMENT_TOKEN", "plain-in-configmap");
    Workload w = new Workload(objects);
    w.container().getEnv().removeIf(e -> e.getName().equals("SWITCHBOARD_MANAGEMENT_TOKEN"));
    assertThatThrownBy(() -> WorkloadChecks.clusterSecretsFromSecrets(w))
        .hasMessageContaining("SWITCHBOARD_MANAGEMENT_TOKEN from a Secret");
  }

  @Test
  void defaults_parseCleanly_soTheMutationsAboveAreTheOnlyDifference() {
    WorkloadChecks.assertConsistent(new Workload(defaults()), Chart.NAMESPACE);
  }
}
