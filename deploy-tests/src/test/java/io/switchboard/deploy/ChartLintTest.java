package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** helm lint --strict, and values.schema.json / required-value failures, with real Helm. */
class ChartLintTest {

  @Test
  void lint_strict_passes() {
    LintResult result = Chart.lintStrict();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void template_wrongValueType_isRejectedBySchema() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS, Map.of("replicaCount", "three")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicaCount");
  }

  @Test
  void template_wrongNestedType_isRejectedBySchema() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS, Map.of("service.ports.c2s.enabled", "yes-please")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("enabled");
  }

  @Test
  void template_unknownTopLevelKey_isRejectedBySchema() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS, Map.of("replicas", 3)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicas");
  }

  @Test
  void template_unknownSplitBrainStrategy_isRejectedBySchema() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS,
        Map.of("cluster.splitBrainResolver.strategy", "auto-down")))
        .hasMessageContaining("strategy");
  }

  @Test
  void template_appVersionNotAVersion_isRejectedBySchema() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS, Map.of("cluster.appVersion", "latest")))
        .hasMessageContaining("appVersion");
  }

  @Test
  void template_noCassandra_failsWithTheReason() {
    assertThatThrownBy(() -> Chart.template(ValueSet.DEFAULTS, Map.of("cassandra.contactPoints", "")))
        .hasMessageContaining("cassandra.contactPoints is required");
  }
}
