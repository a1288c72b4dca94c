package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionNamesTest {
  @Test
  void selectors_exactMatchersKept_regexJobAndVariablesDropped() {
    assertThat(ExpressionNames.selectors(List.of(
        "sum by (namespace) (rate(switchboard_sasl_failures_total[5m])) > 1 and up{job=\"switchboard\"} == 0",
        "max(switchboard_cluster_members{status=~\"joining|down\", job=\"$job\"}) > 0",
        "jvm_memory_used_bytes{job=\"$job\", area=\"heap\"} / jvm_memory_max_bytes{area = \"heap\", id!=\"x\"}")))
        .containsExactly(
            new ExpressionNames.Selector("switchboard_sasl_failures_total", Map.of()),
            new ExpressionNames.Selector("switchboard_cluster_members", Map.of()),
            new ExpressionNames.Selector("jvm_memory_used_bytes", Map.of("area", "heap")),
            new ExpressionNames.Selector("jvm_memory_max_bytes", Map.of("area", "heap")));
  }

  @Test
  void alertExpressions_oneLineAndFolded_bothRead() {
    String rules = """
        groups:
          - name: g
            rules:
              - alert: A
                expr: up == 0
                for: 1m
              - alert: B
                expr: >-
                  sum(x)
                  > 1
                for: 2m
        """;
    assertThat(ExpressionNames.alertExpressions(rules)).containsExactly("up == 0", "sum(x) > 1");
  }

  @Test
  void dashboardExpressions_nestedRowPanels_read() {
    String json = """
        {"panels": [{"type": "timeseries", "targets": [{"expr": "a"}]},
                    {"type": "row", "panels": [{"targets": [{"expr": "b"}, {"expr": "c"}]}]}]}
        """;
    assertThat(ExpressionNames.dashboardExpressions(json)).containsExactly("a", "b", "c");
  }
}
