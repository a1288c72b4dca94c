package io.switchboard.node.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics a PromQL expression reads, with the label values it matches exactly: what the
 * chart's alerts and dashboard need a node to expose. Only the node's own families count
 * ({@code switchboard_}, {@code jvm_}, {@code process_}, {@code system_}); {@code up} is
 * Prometheus' own, {@code job} is set by the scrape, and a {@code $variable} value is Grafana's.
 */
final class ExpressionNames {
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:switchboard|jvm|process|system)_[a-zA-Z0-9_]+)\\s*(\\{[^}]*})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

  private ExpressionNames() {}

  /** A metric name and the labels an expression requires of it (exact matches only). */
  record Selector(String metric, Map<String, String> labels) implements Comparable<Selector> {
    @Override
    public int compareTo(Selector o) {
      return toString().compareTo(o.toString());
    }
  }

  static Set<Selector> selectors(List<String> expressions) {
    Set<Selector> out = new LinkedHashSet<>();
    for (String e : expressions) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        Map<String, String> labels = new TreeMap<>();
        if (m.group(2) != null) {
          Matcher l = MATCHER.matcher(m.group(2));
          while (l.find()) {
            if (l.group(2).equals("=") && !l.group(1).equals("job") && !l.group(3).contains("$")) {
              labels.put(l.group(1), l.group(3));
            }
          }
        }
        out.add(new Selector(m.group(1), labels));
      }
    }
    return out;
  }

  /**
   * The {@code expr} values of a Prometheus rules file: {@code expr: ...} on one line, or
   * {@code expr: >-} followed by its more indented lines (the form files/alerts.yaml uses).
   */
  static List<String> alertExpressions(String rulesYaml) {
    List<String> out = new ArrayList<>();
    String[] lines = rulesYaml.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      if (!t.startsWith("expr:")) {
        continue;
      }
      String rest = t.substring("expr:".length()).strip();
      if (!rest.startsWith(">") && !rest.startsWith("|")) {
        out.add(rest);
        continue;
      }
      int indent = lines[i].indexOf("expr:");
      StringBuilder b = new StringBuilder();
      while (i + 1 < lines.length && (lines[i + 1].isBlank() || indent(lines[i + 1]) > indent)) {
        b.append(lines[++i].strip()).append(' ');
      }
      out.add(b.toString().strip());
    }
    return out;
  }

  /** Every target's {@code expr} in a Grafana dashboard, rows' nested panels included. */
  static List<String> dashboardExpressions(String dashboardJson) {
    List<String> out = new ArrayList<>();
    try {
      collect(new ObjectMapper().readTree(dashboardJson).path("panels"), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void collect(JsonNode panels, List<String> out) {
    for (JsonNode p : panels) {
      for (JsonNode t : p.path("targets")) {
        out.add(t.path("expr").asText());
      }
      collect(p.path("panels"), out);
    }
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
