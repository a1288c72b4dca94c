package io.switchboard.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The chart at helm/switchboard, driven through real Helm (helm-java embeds Helm 3). */
final class Chart {
  static final String RELEASE = "sb";
  static final String NAMESPACE = "chat";
  private static final String HOOK_ANNOTATION = "helm.sh/hook";

  private Chart() {}

  static LintResult lintStrict() {
    return new Helm(Repo.chart()).lint().strict().call();
  }

  /** helm template of a value set (a file under src/test/resources/values/) plus --set overrides. */
  static String template(ValueSet values, Map<String, Object> overrides) {
    return template(Repo.chart(), values, overrides);
  }

  static String template(ValueSet values) {
    return template(values, Map.of());
  }

  /**
   * The manifests plus the `helm test` hook. helm-java's template leaves hooks out, so the hook
   * is rendered from a copy of the chart whose hook annotations are removed (nothing else differs).
   */
  static String templateWithTestHook(ValueSet values) {
    Path copy = copyWithoutHookAnnotations();
    try {
      return template(copy, values, Map.of());
    } finally {
      delete(copy);
    }
  }

  /** helm install --dry-run (client only): the release's rendered NOTES.txt among the output. */
  static String installDryRunOutput(ValueSet values) {
    var install = new Helm(Repo.chart()).install().withName(RELEASE).withNamespace(NAMESPACE)
        .clientOnly().dryRun();
    if (values.file() != null) {
      install = install.withValuesFile(Repo.testResource("values/" + values.file()));
    }
    return install.call().getOutput();
  }

  private static String template(Path chart, ValueSet values, Map<String, Object> overrides) {
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (values.file() != null) {
      command = command.withValuesFile(Repo.testResource("values/" + values.file()));
    }
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      command = command.set(e.getKey(), e.getValue());
    }
    return command.call();
  }

  private static Path copyWithoutHookAnnotations() {
    try {
      Path target = Files.createTempDirectory("switchboard-chart");
      Path source = Repo.chart();
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : files.toList()) {
          Path dest = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dest);
          } else if (p.toString().endsWith(".yaml") && p.startsWith(source.resolve("templates"))) {
            List<String> lines = Files.readAllLines(p);
            Files.write(dest, lines.stream().filter(l -> !l.strip().startsWith(HOOK_ANNOTATION))
                .collect(Collectors.toList()));
          } else {
            Files.copy(p, dest);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
