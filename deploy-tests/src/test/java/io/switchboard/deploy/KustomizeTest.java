package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s/: `kubectl kustomize` of the base and of each overlay gives typed objects without unknown
 * fields that pass yamllint, the Kubernetes JSON schemas and the cross-checks; the base equals
 * the chart's defaults.
 */
class KustomizeTest {
  private static final Map<String, String> BUILT = new ConcurrentHashMap<>();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** k8s/base and every directory under k8s/overlays. */
  static List<String> kustomizations() throws IOException {
    List<String> dirs = new ArrayList<>(List.of("base"));
    try (Stream<Path> overlays = Files.list(Repo.k8s().resolve("overlays"))) {
      overlays.filter(Files::isDirectory).map(p -> "overlays/" + p.getFileName()).sorted().forEach(dirs::add);
    }
    assertThat(dirs).contains("overlays/dev", "overlays/prod");
    return dirs;
  }

  /** The namespace: line of a kustomization (the namespace its objects land in). */
  static String namespace(String dir) {
    try {
      return Files.readAllLines(Repo.k8s().resolve(dir).resolve("kustomization.yaml")).stream()
          .filter(l -> l.startsWith("namespace: "))
          .map(l -> l.substring("namespace: ".length()).strip())
          .findFirst().orElseThrow(() -> new AssertionError(dir + " sets no namespace"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String build(String dir) {
    return BUILT.computeIfAbsent(dir, d -> Tools.kustomize(Repo.k8s().resolve(d)));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kustomize_everyObject_isTypedWithoutUnknownFields(String dir) {
    List<HasMetadata> objects = Manifests.parse(build(dir));
    assertThat(objects).isNotEmpty();
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind()).isEqualTo(namespace(dir));
      assertThat(Manifests.unknownFields(o)).as("unknown fields").isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kustomize_output_passesYamllint(String dir) {
    Tools.Result r = Tools.yamllint(build(dir));
    assertThat(r.exitCode()).as("yamllint: %s", r.describe()).isZero();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kustomize_everyObject_passesKubernetesJsonSchema(String dir) {
    Tools.Result r = SchemaValidator.validate(build(dir));
    assertThat(r.exitCode()).as("kubernetes-models validation: %s", r.describe()).isZero();
    assertThat(r.stdout().lines().count()).isEqualTo(Manifests.documents(build(dir)).size());
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kustomize_crossChecks_hold(String dir) {
    WorkloadChecks.assertConsistent(new Workload(Manifests.parse(build(dir))), namespace(dir));
  }

  @Test
  void sources_passYamllint() {
    Tools.Result r = Tools.yamllint(List.of(Repo.k8s(), Repo.chart().resolve("Chart.yaml"),
        Repo.chart().resolve("values.yaml"), Repo.testResource("values")));
    assertThat(r.exitCode()).as("yamllint k8s/ and chart values: %s", r.describe()).isZero();
  }

  @Test
  void leaseCrd_isTypedValidAndMatchesTheRoleRule() throws Exception {
    String yaml = Files.readString(Repo.k8s().resolve("crds/pekko-lease.yaml"));
    List<HasMetadata> objects = Manifests.parse(yaml);
    assertThat(objects).hasSize(1);
    var crd = (io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition) objects.get(0);
    assertThat(Manifests.unknownFields(crd)).isEmpty();
    assertThat(crd.getSpec().getGroup()).isEqualTo("pekko.apache.org");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("leases");
    Tools.Result r = SchemaValidator.validate(yaml);
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  @Test
  void dev_oneNodeWithTheBundledCassandra() {
    Workload w = new Workload(Manifests.parse(build("overlays/dev")));
    assertThat(w.deployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(w.env()).containsEntry("SWITCHBOARD_K8S_REQUIRED_CONTACT_POINTS", "1")
        .containsEntry("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", "switchboard-cassandra:9042")
        .containsEntry("SWITCHBOARD_CASSANDRA_REPLICATION_FACTOR", "1");
    assertThat(w.named(StatefulSet.class, "switchboard-cassandra")).isPresent();
    assertThat(w.named(Service.class, "switchboard-cassandra")).isPresent();
  }

  @Test
  void dev_needsNoSecret_theNodeGeneratesItsOwn() {
    Workload w = new Workload(Manifests.parse(build("overlays/dev")));
    assertThat(w.env()).doesNotContainKeys("SWITCHBOARD_MANAGEMENT_TOKEN", "SWITCHBOARD_SASL_DECOY_SECRET")
        .containsEntry("SWITCHBOARD_CLUSTER_TLS", "true")
        .containsEntry("SWITCHBOARD_CLUSTER_TLS_CERT", "");
    assertThat(w.podTemplate().getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
  }

  @Test
  void prod_threeToTwelveNodesExternalCassandraSecretsTls() {
    Workload w = new Workload(Manifests.parse(build("overlays/prod")));
    HorizontalPodAutoscaler hpa = w.all(HorizontalPodAutoscaler.class).get(0);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(w.all(StatefulSet.class)).isEmpty();
    assertThat(w.env())
        .containsEntry("SWITCHBOARD_CASSANDRA_PASSWORD", "secretKeyRef:switchboard-cassandra/password")
        .containsEntry("SWITCHBOARD_CASSANDRA_REPLICATION_STRATEGY", "NetworkTopologyStrategy")
        .containsEntry("SWITCHBOARD_TLS_CERT", "/etc/switchboard/tls/tls.crt")
        .containsEntry("SWITCHBOARD_MANAGEMENT_TOKEN", "secretKeyRef:switchboard-secrets/management-token")
        .containsEntry("SWITCHBOARD_CLUSTER_TLS_CA", "/etc/switchboard/cluster-tls/ca.crt");
    assertThat(w.container().getImage()).isEqualTo("registry.example.com/switchboard:0.1.0");
  }

  @Test
  void base_equalsTheChartDefaults() {
    String chart = new com.marcnuri.helm.Helm(Repo.chart()).template()
        .withName("switchboard").withNamespace("switchboard").call();
    Map<String, Object> fromChart = normalized(Manifests.parse(chart));
    // The one difference: kustomize cannot generate the Secret with the cluster's keys and tokens
    // (the chart does); k8s/base expects it created beforehand (./switchboard secrets DIR).
    assertThat(fromChart.remove("Secret/switchboard-secrets")).as("the chart's generated Secret").isNotNull();
    Map<String, Object> fromBase = normalized(Manifests.parse(build("base")));
    assertThat(fromBase.keySet()).isEqualTo(fromChart.keySet());
    fromChart.forEach((key, value) ->
        assertThat(fromBase.get(key)).as("k8s/base %s equals the chart's", key).isEqualTo(value));
  }

  /** Objects by kind/name as plain maps, without Helm's bookkeeping and kustomize's hash suffix. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalized(List<HasMetadata> objects) {
    Map<String, Object> byKey = new TreeMap<>();
    for (HasMetadata o : objects) {
      String json = SERIALIZATION.asJson(o)
          .replaceAll("\"switchboard-[a-z0-9]{10}\"", "\"switchboard\""); // generated ConfigMap name
      Map<String, Object> map = SERIALIZATION.unmarshal(json, Map.class);
      Map<String, Object> metadata = (Map<String, Object>) map.get("metadata");
      metadata.remove("namespace");
      stripHelm(metadata);
      Object spec = map.get("spec");
      if (spec instanceof Map<?, ?> s && s.get("template") instanceof Map<?, ?> t
          && t.get("metadata") instanceof Map<?, ?> tm) {
        stripHelm((Map<String, Object>) tm);
      }
      byKey.put(o.getKind() + "/" + o.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", ""), map);
    }
    return byKey;
  }

  @SuppressWarnings("unchecked")
  private static void stripHelm(Map<String, Object> metadata) {
    if (metadata.get("labels") instanceof Map<?, ?> labels) {
      Map<String, Object> l = new HashMap<>((Map<String, Object>) labels);
      l.remove("helm.sh/chart");
      l.remove("app.kubernetes.io/managed-by");
      metadata.put("labels", l);
    }
    if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
      Map<String, Object> a = new HashMap<>((Map<String, Object>) annotations);
      a.remove("checksum/config");
      if (a.isEmpty()) {
        metadata.remove("annotations");
      } else {
        metadata.put("annotations", a);
      }
    }
  }

  /** Issue #19: prod serves browsers through an Ingress to a ClusterIP HTTP Service, trusting its TLS. */
  @Test
  void prod_ingressForBrowsersTrustedAsTlsFront() {
    List<HasMetadata> objects = Manifests.parse(build("overlays/prod"));
    var ingress = objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress)
        .map(o -> (io.fabric8.kubernetes.api.model.networking.v1.Ingress) o).findFirst().orElseThrow();
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getPath())
        .containsExactly("/xmpp-websocket", "/http-bind", "/.well-known/host-meta");
    String backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName();
    assertThat(objects).anyMatch(o -> o instanceof io.fabric8.kubernetes.api.model.Service s
        && s.getMetadata().getName().equals(backend) && "ClusterIP".equals(s.getSpec().getType()));
    assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    assertThat(new Workload(objects).env()).containsEntry("SWITCHBOARD_WEB_FRONT", "forwarded");
    assertThat(new Workload(Manifests.parse(build("base"))).env()).containsEntry("SWITCHBOARD_WEB_FRONT", "none");
  }
}
