package io.switchboard.node.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads sample values out of a Prometheus text exposition, for assertions. Not a validator: the
 * exposition's syntax is checked by a real parser (promtool) in {@link MetricsIT}.
 */
public final class Samples {
  private Samples() {}

  /** The value of the sample {@code name} whose labels include {@code labels}, if there is one. */
  public static Optional<Double> value(String exposition, String name, Map<String, String> labels) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String sampleName = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
      if (!sampleName.equals(name)) {
        continue;
      }
      Map<String, String> found = brace >= 0 ? labels(line.substring(brace + 1, line.lastIndexOf('}'))) : Map.of();
      if (found.entrySet().containsAll(labels.entrySet())) {
        return Optional.of(Double.parseDouble(line.substring(space + 1)));
      }
    }
    return Optional.empty();
  }

  /** {@code k="v",k2="v2"} (values without escaped quotes, as ours are). */
  static Map<String, String> labels(String inside) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < inside.length()) {
      int eq = inside.indexOf('=', i);
      int open = inside.indexOf('"', eq);
      int close = inside.indexOf('"', open + 1);
      out.put(inside.substring(i, eq).trim(), inside.substring(open + 1, close));
      i = close + 1;
      if (i < inside.length() && inside.charAt(i) == ',') {
        i++;
      }
    }
    return out;
  }
}
