package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Issue #21: the chart's monitoring objects, each behind its own value and off by default: the
 * ServiceMonitor (the internal Service's management port, the management token, job
 * "switchboard"), the PrometheusRule (files/alerts.yaml, checked by Debian's promtool) and the
 * Grafana dashboard ConfigMap (files/dashboard.json: its structure, and every expression parsed
 * by promtool); and k8s/monitoring carries the same. That the metric names they use exist is
 * checked against a real node's /metrics by the node module's ClusterMetricsIT.
 */
class ChartMonitoringTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> objects(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    for (String doc : Manifests.documents(yaml)) {
      out.add(YAML.readTree(doc));
    }
    return out;
  }

  private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
  }

  private static String render(Map<String, Object> overrides) {
    return Chart.template(ValueSet.DEFAULTS, overrides);
  }

  private static JsonNode alertsFile() throws IOException {
    return YAML.readTree(Files.readString(Repo.chart().resolve("files/alerts.yaml")));
  }

  private static String dashboardFile() throws IOException {
    return Files.readString(Repo.chart().resolve("files/dashboard.json"));
  }

  @Test
  void defaults_noMonitoringObjects() {
    List<JsonNode> objects = objects(ChartRenderTest.rendered(ValueSet.DEFAULTS));
    assertThat(objects).noneMatch(o -> o.path("apiVersion").asString().startsWith("monitoring.coreos.com"));
    assertThat(ofKind(objects, "ConfigMap")).noneMatch(c -> c.path("metadata").path("labels").has("grafana_dashboard"));
    assertThat(ofKind(objects, "NetworkPolicy").get(0).path("spec").path("ingress").toString())
        .doesNotContain("namespaceSelector");
  }

  @Test
  void serviceMonitor_enabled_scrapesTheInternalServicesManagementPortWithTheToken() {
    List<JsonNode> objects = objects(render(Map.of("metrics.serviceMonitor.enabled", true,
        "metrics.serviceMonitor.labels.release", "kube-prometheus-stack")));
    List<JsonNode> monitors = ofKind(objects, "ServiceMonitor");
    assertThat(monitors).hasSize(1);
    JsonNode sm = monitors.get(0);
    assertThat(sm.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.path("metadata").path("labels").path("release").asString()).isEqualTo("kube-prometheus-stack");
    JsonNode selector = sm.path("spec").path("selector").path("matchLabels");
    List<JsonNode> selected = ofKind(objects, "Service").stream().filter(s -> matches(selector, s)).toList();
    assertThat(selected).extracting(s -> s.path("metadata").path("name").asString())
        .as("the ServiceMonitor selects the headless internal Service only").containsExactly("sb-switchboard-internal");
    assertThat(selected.get(0).path("spec").path("ports").toString()).contains("\"name\":\"management\"");
    assertThat(sm.path("spec").path("namespaceSelector").path("matchNames").get(0).asString()).isEqualTo(Chart.NAMESPACE);
    JsonNode endpoint = sm.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asString()).isEqualTo("management");
    assertThat(endpoint.path("path").asString()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asString()).isEqualTo("30s");
    JsonNode credentials = endpoint.path("authorization").path("credentials");
    assertThat(endpoint.path("authorization").path("type").asString()).isEqualTo("Bearer");
    assertThat(credentials.path("key").asString()).isEqualTo("management-token");
    JsonNode secret = ofKind(objects, "Secret").stream()
        .filter(s -> s.path("metadata").path("name").asString().equals(credentials.path("name").asString()))
        .findFirst().orElseThrow(() -> new AssertionError("no Secret " + credentials));
    assertThat(secret.path("stringData").has("management-token")).isTrue();
    // The same Secret key the nodes read their token from.
    JsonNode deployment = ofKind(objects, "Deployment").get(0);
    assertThat(deployment.toString()).contains("\"name\":\"" + credentials.path("name").asString()
        + "\",\"key\":\"management-token\"");
    JsonNode relabel = endpoint.path("relabelings").get(0);
    assertThat(relabel.path("targetLabel").asString()).isEqualTo("job");
    assertThat(relabel.path("replacement").asString()).isEqualTo("switchboard");
    // The NetworkPolicy admits Prometheus to the management port (any namespace by default).
    JsonNode rule = scrapeRule(objects);
    assertThat(rule.path("from").toString()).isEqualTo("[{\"namespaceSelector\":{}}]");
  }

  @Test
  void serviceMonitor_existingSecretAndFromPeers_used() {
    List<JsonNode> objects = objects(render(Map.of("metrics.serviceMonitor.enabled", true,
        "secrets.existingSecret", "my-secrets",
        "metrics.serviceMonitor.from[0].namespaceSelector.matchLabels.team", "monitoring")));
    JsonNode endpoint = ofKind(objects, "ServiceMonitor").get(0).path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("authorization").path("credentials").path("name").asString()).isEqualTo("my-secrets");
    assertThat(scrapeRule(objects).path("from").toString())
        .isEqualTo("[{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"monitoring\"}}}]");
  }

  @Test
  void serviceMonitor_managementAdminOff_failsNamingTheValues() {
    assertThatThrownBy(() -> render(Map.of("metrics.serviceMonitor.enabled", true, "management.admin", "off")))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs management.admin");
  }

  @Test
  void prometheusRule_enabled_holdsTheAlertsFileAndPassesPromtool() throws IOException {
    Path promtool = Tools.require("promtool", "apt-get install prometheus");
    List<JsonNode> rules = ofKind(objects(render(Map.of("metrics.prometheusRule.enabled", true,
        "metrics.prometheusRule.labels.release", "kps"))), "PrometheusRule");
    assertThat(rules).hasSize(1);
    JsonNode spec = rules.get(0).path("spec");
    assertThat(rules.get(0).path("metadata").path("labels").path("release").asString()).isEqualTo("kps");
    assertThat(spec).isEqualTo(alertsFile());
    Set<String> alerts = new HashSet<>();
    for (JsonNode group : spec.path("groups")) {
      for (JsonNode r : group.path("rules")) {
        String name = r.path("alert").asString();
        alerts.add(name);
        assertThat(r.path("for").asString()).as("%s has a for:", name).matches("[0-9]+[smh]");
        assertThat(r.path("labels").path("severity").asString()).as(name).isIn("critical", "warning", "info");
        assertThat(r.path("annotations").path("summary").asString()).as(name).isNotBlank();
        assertThat(r.path("annotations").path("description").asString()).as(name).hasSizeGreaterThan(60);
      }
    }
    assertThat(alerts).contains("SwitchboardNodeDown", "SwitchboardNoReadyMembers", "SwitchboardUnreachableMember",
        "SwitchboardHighSaslFailureRate", "SwitchboardStreamErrorRate", "SwitchboardGcPauseHigh",
        "SwitchboardHeapNearMax", "SwitchboardOfflineRefusals", "SwitchboardNoSessionEntities",
        "SwitchboardCassandraDisconnected");
    Tools.Result r = promtoolCheckRules(promtool, YAML.writeValueAsString(spec));
    assertThat(r.exitCode()).as("promtool check rules: %s", r.describe()).isZero();
    assertThat(r.stdout()).contains("SUCCESS: " + alerts.size() + " rules found");
  }

  @Test
  void dashboard_enabled_configMapWithTheSidecarLabelHoldsTheDashboard() throws IOException {
    List<JsonNode> maps = ofKind(objects(render(Map.of("metrics.dashboard.enabled", true,
        "metrics.dashboard.namespace", "grafana"))), "ConfigMap").stream()
        .filter(c -> c.path("metadata").path("labels").path("grafana_dashboard").asString().equals("1")).toList();
    assertThat(maps).hasSize(1);
    assertThat(maps.get(0).path("metadata").path("namespace").asString()).isEqualTo("grafana");
    String json = maps.get(0).path("data").path("switchboard.json").asString();
    assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(dashboardFile()));
  }

  /** The dashboard's structure as Grafana (schemaVersion 39) reads it. */
  @Test
  void dashboardFile_panelsTargetsAndVariables_wellFormed() throws IOException {
    JsonNode d = JSON.readTree(dashboardFile());
    assertThat(d.path("uid").asString()).isNotBlank();
    assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    List<String> variables = new ArrayList<>();
    d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asString()));
    assertThat(variables).containsExactly("datasource", "job");
    Set<Integer> ids = new HashSet<>();
    int timeseries = 0;
    for (JsonNode p : d.path("panels")) {
      assertThat(ids.add(p.path("id").asInt())).as("panel id %s unique", p.path("id")).isTrue();
      JsonNode pos = p.path("gridPos");
      assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as(p.path("title").asString()).isLessThanOrEqualTo(24);
      assertThat(pos.path("h").asInt()).isPositive();
      if (p.path("type").asString().equals("row")) {
        continue;
      }
      timeseries++;
      assertThat(p.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as(p.path("title").asString()).isNotEmpty();
      for (JsonNode t : p.path("targets")) {
        assertThat(t.path("expr").asString()).contains("job=\"$job\"");
        assertThat(t.path("refId").asString()).isNotBlank();
      }
    }
    assertThat(timeseries).isGreaterThanOrEqualTo(20);
  }

  /** Every dashboard expression, with Grafana's variables filled in, parses as PromQL (promtool). */
  @Test
  void dashboardFile_everyExpression_parsesAsPromQl() throws IOException {
    Path promtool = Tools.require("promtool", "apt-get install prometheus");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (JsonNode p : JSON.readTree(dashboardFile()).path("panels")) {
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asString().replace("$__rate_interval", "2m").replace("$job", "switchboard");
        rules.append("      - record: dashboard:expr").append(n++).append('\n')
            .append("        expr: ").append(JSON.writeValueAsString(expr)).append('\n');
      }
    }
    Tools.Result r = promtoolCheckRules(promtool, rules.toString());
    assertThat(r.exitCode()).as("promtool check rules: %s", r.describe()).isZero();
    assertThat(r.stdout()).contains("SUCCESS: " + n + " rules found");
  }

  @Test
  void allMonitoringObjects_passYamllint() {
    String yaml = render(Map.of("metrics.serviceMonitor.enabled", true, "metrics.prometheusRule.enabled", true,
        "metrics.dashboard.enabled", true));
    Tools.Result r = Tools.yamllint(yaml);
    assertThat(r.exitCode()).as("yamllint: %s", r.describe()).isZero();
  }

  /** k8s/monitoring: the chart's objects for release "switchboard", the same rules and dashboard. */
  @Test
  void k8sMonitoring_mirrorsTheChart() throws IOException {
    List<JsonNode> built = objects(Tools.kustomize(Repo.k8s().resolve("monitoring")));
    assertThat(ofKind(built, "PrometheusRule").get(0).path("spec")).isEqualTo(alertsFile());
    JsonNode dashboard = ofKind(built, "ConfigMap").get(0);
    assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asString()).isEqualTo("1");
    assertThat(JSON.readTree(dashboard.path("data").path("switchboard.json").asString()))
        .isEqualTo(JSON.readTree(dashboardFile()));
    assertThat(Files.readString(Repo.k8s().resolve("monitoring/dashboard.json"))).isEqualTo(dashboardFile());

    JsonNode k8sMonitor = ofKind(built, "ServiceMonitor").get(0);
    JsonNode chartMonitor = ofKind(objects(Chart.template(ValueSet.DEFAULTS, Map.of("metrics.serviceMonitor.enabled",
        true, "fullnameOverride", "switchboard"))), "ServiceMonitor").get(0);
    ObjectNode chartEndpoint = (ObjectNode) chartMonitor.path("spec").path("endpoints").get(0);
    ((ObjectNode) chartEndpoint.path("authorization").path("credentials")).put("name", "switchboard-secrets");
    assertThat(k8sMonitor.path("spec").path("endpoints")).isEqualTo(chartMonitor.path("spec").path("endpoints"));
    JsonNode selector = k8sMonitor.path("spec").path("selector").path("matchLabels");
    List<JsonNode> base = ofKind(objects(Tools.kustomize(Repo.k8s().resolve("base"))), "Service");
    assertThat(base.stream().filter(s -> matches(selector, s)).map(s -> s.path("metadata").path("name").asString()))
        .containsExactly("switchboard-internal");
    assertThat(ofKind(built, "NetworkPolicy").get(0).path("spec").path("ingress").get(0).path("ports").toString())
        .contains("management");
  }

  private static JsonNode scrapeRule(List<JsonNode> objects) {
    for (JsonNode rule : ofKind(objects, "NetworkPolicy").get(0).path("spec").path("ingress")) {
      if (rule.path("ports").size() == 1 && rule.path("ports").get(0).path("port").asString().equals("management")) {
        return rule;
      }
    }
    throw new AssertionError("no NetworkPolicy rule for the management port alone");
  }

  private static boolean matches(JsonNode matchLabels, JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    for (var e : matchLabels.properties()) {
      if (!labels.path(e.getKey()).asString().equals(e.getValue().asString())) {
        return false;
      }
    }
    return true;
  }

  private static Tools.Result promtoolCheckRules(Path promtool, String rules) throws IOException {
    Path file = Files.createTempFile("switchboard-rules", ".yaml");
    try {
      Files.writeString(file, rules);
      return Tools.run(List.of(promtool.toString(), "check", "rules", file.toString()), Repo.root(), null);
    } finally {
      Files.delete(file);
    }
  }
}
