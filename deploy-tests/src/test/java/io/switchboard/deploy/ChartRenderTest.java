package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * helm template with three value sets: every object is a typed Kubernetes object without unknown
 * fields, passes yamllint and the Kubernetes JSON schemas, and the cross-checks hold.
 */
class ChartRenderTest {
  private static final Map<ValueSet, String> RENDERED = new EnumMap<>(ValueSet.class);

  static synchronized String rendered(ValueSet values) {
    return RENDERED.computeIfAbsent(values, Chart::templateWithTestHook);
  }

  static Workload workload(ValueSet values) {
    return new Workload(Manifests.parse(rendered(values)));
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void template_everyObject_isTypedWithoutUnknownFields(ValueSet values) {
    List<HasMetadata> objects = Manifests.parse(rendered(values));
    assertThat(objects).extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "Deployment",
            "PodDisruptionBudget");
    for (HasMetadata o : objects) {
      assertThat(Manifests.unknownFields(o)).as("unknown fields of %s/%s", o.getKind(),
          o.getMetadata().getName()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void template_output_passesYamllint(ValueSet values) {
    Tools.Result r = Tools.yamllint(rendered(values));
    assertThat(r.exitCode()).as("yamllint: %s", r.describe()).isZero();
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void template_everyObject_passesKubernetesJsonSchema(ValueSet values) {
    Tools.Result r = SchemaValidator.validate(rendered(values));
    assertThat(r.exitCode()).as("kubernetes-models validation: %s", r.describe()).isZero();
    assertThat(r.stdout().lines()).allMatch(l -> l.startsWith("OK "))
        .hasSize(Manifests.documents(rendered(values)).size());
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void template_crossChecks_hold(ValueSet values) {
    WorkloadChecks.assertConsistent(workload(values), Chart.NAMESPACE);
  }

  @Test
  void defaults_threeNodesKeepMajorityExternalCassandraLoadBalancer() {
    Workload w = workload(ValueSet.DEFAULTS);
    assertThat(w.deployment().getSpec().getReplicas()).isEqualTo(3);
    Map<String, String> env = w.env();
    assertThat(env).containsEntry("SWITCHBOARD_K8S_REQUIRED_CONTACT_POINTS", "3")
        .containsEntry("SWITCHBOARD_SBR_STRATEGY", "keep-majority")
        .containsEntry("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", "cassandra:9042")
        .containsEntry("SWITCHBOARD_K8S_POD_LABEL_SELECTOR",
            "app.kubernetes.io/name=switchboard,app.kubernetes.io/instance=sb,app.kubernetes.io/component=node")
        .containsEntry("SWITCHBOARD_APP_VERSION", "0.1.0")
        .doesNotContainKeys("SWITCHBOARD_TLS_CERT", "SWITCHBOARD_CASSANDRA_PASSWORD");
    Service lb = w.named(Service.class, "sb-switchboard").orElseThrow();
    assertThat(lb.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(lb.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(lb.getSpec().getPorts()).extracting(ServicePort::getPort)
        .as("the HTTP port (push API) is not public by default").containsExactly(5222, 5223, 5269);
    assertThat(w.named(Service.class, "sb-switchboard-http").orElseThrow().getSpec().getType()).isEqualTo("ClusterIP");
    // Issue #23: cluster TLS, management token and SCRAM decoy secret from the generated Secret.
    Secret generated = w.named(Secret.class, "sb-switchboard-secrets").orElseThrow();
    assertThat(generated.getStringData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key", "management-token",
        "sasl-decoy-secret", "s2s-dialback-secret");
    assertThat(generated.getStringData().get("tls.key")).contains("PRIVATE KEY");
    assertThat(generated.getStringData().get("management-token")).hasSize(48);
    assertThat(env).containsEntry("SWITCHBOARD_CLUSTER_TLS", "true")
        .containsEntry("SWITCHBOARD_CLUSTER_TLS_CERT", "/etc/switchboard/cluster-tls/tls.crt")
        .containsEntry("SWITCHBOARD_MANAGEMENT_BIND", "fieldRef:status.podIP")
        .containsEntry("SWITCHBOARD_MANAGEMENT_TOKEN", "secretKeyRef:sb-switchboard-secrets/management-token")
        .containsEntry("SWITCHBOARD_SASL_DECOY_SECRET", "secretKeyRef:sb-switchboard-secrets/sasl-decoy-secret")
        .containsEntry("SWITCHBOARD_S2S_DIALBACK_SECRET", "secretKeyRef:sb-switchboard-secrets/s2s-dialback-secret");
    assertThat(w.all(NetworkPolicy.class)).hasSize(1);
    assertThat(w.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(w.all(StatefulSet.class)).isEmpty();
    assertThat(w.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("checksum/config");
    assertThat(w.podTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60L);
    Pod test = w.named(Pod.class, "sb-switchboard-test-connection").orElseThrow();
    assertThat(String.join(" ", test.getSpec().getContainers().get(0).getCommand()))
        .contains("urn:ietf:params:xml:ns:xmpp-tls");
    assertThat(Chart.template(ValueSet.DEFAULTS)).as("the test pod is a hook, not a manifest")
        .doesNotContain("test-connection");
  }

  @Test
  void notes_tellHowToConnectAndAddAUser() {
    String notes = Chart.installDryRunOutput(ValueSet.DEFAULTS);
    assertThat(notes)
        .contains("kubectl --namespace chat get service sb-switchboard")
        .contains("kubectl --namespace chat exec -it deploy/sb-switchboard -- \\\n"
            + "     /opt/switchboard/bin/switchboard adduser alice@example.org\n")
        .contains("helm test --namespace chat sb");
  }

  @Test
  void production_externalCassandraTlsSecretHpaLease() {
    Workload w = workload(ValueSet.PRODUCTION);
    Map<String, String> env = w.env();
    assertThat(env)
        .containsEntry("SWITCHBOARD_CASSANDRA_CONTACT_POINTS",
            "cassandra-0.db:9042,cassandra-1.db:9042,cassandra-2.db:9042")
        .containsEntry("SWITCHBOARD_CASSANDRA_USERNAME", "secretKeyRef:switchboard-cassandra/username")
        .containsEntry("SWITCHBOARD_CASSANDRA_PASSWORD", "secretKeyRef:switchboard-cassandra/password")
        .containsEntry("SWITCHBOARD_CASSANDRA_REPLICATION_STRATEGY", "NetworkTopologyStrategy")
        .containsEntry("SWITCHBOARD_CASSANDRA_REPLICATION_DATACENTERS", "dc1:3")
        .containsEntry("SWITCHBOARD_TLS_CERT", "/etc/switchboard/tls/tls.crt")
        .containsEntry("SWITCHBOARD_TLS_KEY", "/etc/switchboard/tls/tls.key")
        .containsEntry("SWITCHBOARD_SBR_STRATEGY", "lease-majority")
        .containsEntry("SWITCHBOARD_SBR_LEASE_NAME", "sb-switchboard-pekko-sbr")
        .containsEntry("SWITCHBOARD_APP_VERSION", "0.1.1");
    assertThat(w.podTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("chat-example-com-tls", "sb-switchboard-secrets");
    HorizontalPodAutoscaler hpa = w.all(HorizontalPodAutoscaler.class).get(0);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(w.named(Service.class, "sb-switchboard").orElseThrow().getSpec().getExternalTrafficPolicy())
        .isEqualTo("Local");
    assertThat(w.container().getImage()).isEqualTo("registry.example.com/switchboard:0.1.1");
    for (ConfigMap cm : w.all(ConfigMap.class)) {
      assertThat(cm.getData().keySet()).noneMatch(k -> k.contains("PASSWORD"));
    }
  }

  @Test
  void trial_bundledCassandraAndChangedPorts() {
    Workload w = workload(ValueSet.TRIAL);
    StatefulSet cassandra = w.named(StatefulSet.class, "sb-switchboard-cassandra").orElseThrow();
    assertThat(cassandra.getSpec().getReplicas()).isEqualTo(1);
    assertThat(cassandra.getMetadata().getAnnotations()).containsKey("switchboard.io/not-for-production");
    assertThat(w.env())
        .containsEntry("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", "sb-switchboard-cassandra:9042")
        .containsEntry("SWITCHBOARD_CASSANDRA_REPLICATION_FACTOR", "1")
        .containsEntry("SWITCHBOARD_K8S_REQUIRED_CONTACT_POINTS", "2")
        .containsEntry("SWITCHBOARD_REGISTRATION", "open");
    Service lb = w.named(Service.class, "sb-switchboard").orElseThrow();
    assertThat(lb.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c2s", 15222),
            org.assertj.core.groups.Tuple.tuple("s2s", 15269),
            org.assertj.core.groups.Tuple.tuple("http", 8080));
    Pod test = w.named(Pod.class, "sb-switchboard-test-connection").orElseThrow();
    assertThat(test.getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("15222"));
  }

  /** Issue #19: browsers through an Ingress (production values), no affinity, long timeouts. */
  @Test
  void production_ingressRoutesBrowserPathsToTheHttpPortWithLongTimeouts() {
    List<HasMetadata> objects = Manifests.parse(rendered(ValueSet.PRODUCTION));
    io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress = objects.stream()
        .filter(o -> o instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress)
        .map(o -> (io.fabric8.kubernetes.api.model.networking.v1.Ingress) o).findFirst().orElseThrow();
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("chat.example.com");
    assertThat(rule.getHttp().getPaths()).extracting(p -> p.getPath())
        .containsExactly("/xmpp-websocket", "/http-bind", "/.well-known/host-meta");
    Service backend = objects.stream().filter(o -> o instanceof Service s
            && s.getMetadata().getName().equals(rule.getHttp().getPaths().get(0).getBackend().getService().getName()))
        .map(o -> (Service) o).findFirst().orElseThrow();
    assertThat(backend.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(backend.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http");
    assertThat(rule.getHttp().getPaths()).allSatisfy(p ->
        assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http"));
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("chat-example-com-tls");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
        .doesNotContainKey("nginx.ingress.kubernetes.io/affinity");
    assertThat(workload(ValueSet.PRODUCTION).env())
        .containsEntry("SWITCHBOARD_WEB_FRONT", "forwarded")
        .containsEntry("SWITCHBOARD_WEB_PUBLIC_URL", "https://chat.example.com")
        .containsEntry("SWITCHBOARD_WEB_ALLOWED_ORIGINS", "https://www.example.com");
    // Without the Ingress: no Ingress, the port's own TLS only.
    assertThat(Manifests.parse(rendered(ValueSet.DEFAULTS))).noneMatch(
        o -> o instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress);
    assertThat(workload(ValueSet.DEFAULTS).env()).containsEntry("SWITCHBOARD_WEB_FRONT", "none");
  }
}
