package io.switchboard.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository checkout the tests read (the chart, k8s/, the node's resources). */
final class Repo {
  private Repo() {}

  static Path root() {
    String configured = System.getProperty("switchboard.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("helm/switchboard"))) {
      throw new IllegalStateException("not the repository root (no helm/switchboard): " + root);
    }
    return root;
  }

  static Path chart() {
    return root().resolve("helm/switchboard");
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  static Path kubernetesConf() {
    return root().resolve("node/src/main/resources/kubernetes.conf");
  }

  static Path yamllintConfig() {
    return root().resolve(".yamllint");
  }

  /** A file under src/test/resources of this module. */
  static Path testResource(String name) {
    return root().resolve("deploy-tests/src/test/resources").resolve(name);
  }
}
