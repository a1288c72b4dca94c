package io.switchboard.node.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a crash's failover time goes (issue #25): the first line of each cluster step after the
 * kill in the survivors' logs (text format, {@code HH:mm:ss.SSS} first), as milliseconds after it.
 * A figure for the test's output only; nothing is asserted on it.
 */
final class FailoverTimeline {
  /** Step name and the text of Pekko's log line that marks it. */
  private static final Map<String, String> STEPS = new LinkedHashMap<>();

  static {
    STEPS.put("unreachable", "as UNREACHABLE");
    STEPS.put("SBR downs", "SBR took decision");
    STEPS.put("removed", "Leader is removing");
  }

  private FailoverTimeline() {}

  static String of(LocalTime killedAt, List<Path> logs) {
    Map<String, Long> first = new LinkedHashMap<>();
    for (Path log : logs) {
      List<String> lines;
      try {
        lines = Files.readAllLines(log);
      } catch (IOException e) {
        continue;
      }
      for (String line : lines) {
        if (line.length() < 12) {
          continue;
        }
        LocalTime at;
        try {
          at = LocalTime.parse(line.substring(0, 12));
        } catch (DateTimeParseException e) {
          continue;
        }
        long ms = Duration.between(killedAt, at).toMillis();
        if (ms < 0) {
          continue;
        }
        STEPS.forEach((step, text) -> {
          if (line.contains(text)) {
            first.merge(step, ms, Math::min);
          }
        });
      }
    }
    return STEPS.keySet().stream().map(s -> s + " " + (first.containsKey(s) ? first.get(s) : "-"))
        .collect(Collectors.joining(", "));
  }
}
