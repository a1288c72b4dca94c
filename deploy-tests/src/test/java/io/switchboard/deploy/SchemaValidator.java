package io.switchboard.deploy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * JSON-schema validation of Kubernetes objects with the npm package kubernetes-models (the
 * Kubernetes OpenAPI schemas), through src/test/js/validate.mjs on Node.js.
 */
final class SchemaValidator {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SchemaValidator() {}

  private static boolean installTried;

  /**
   * `mvn verify` alone must run every test: the pinned npm packages (package-lock.json) are
   * installed on first use when npm is there (npm's registry is reachable in CI).
   */
  private static synchronized void installOnce(Path js) {
    if (installTried || Files.isDirectory(js.resolve("node_modules/kubernetes-models"))) {
      return;
    }
    installTried = true;
    Path npm = Path.of("/usr/bin/npm");
    if (Files.isExecutable(npm)) {
      Tools.run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), js, "");
    }
  }

  /** Validates every document of a YAML stream; returns the validator's result. */
  static Tools.Result validate(String yaml) {
    Path node = Tools.require("node", "Node.js 20+, e.g. apt-get install nodejs npm");
    Path js = Repo.root().resolve("deploy-tests/src/test/js");
    installOnce(js);
    if (!Files.isDirectory(js.resolve("node_modules/kubernetes-models"))) {
      String message = "npm packages missing: run `npm ci --prefix deploy-tests/src/test/js`";
      if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
        throw new AssertionError(message + " [SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1]");
      }
      Assumptions.abort(message);
    }
    String array = Manifests.documents(yaml).stream()
        .map(SERIALIZATION::convertToJson)
        .collect(Collectors.joining(",", "[", "]"));
    return Tools.run(List.of(node.toString(), "validate.mjs"), js, array);
  }
}
