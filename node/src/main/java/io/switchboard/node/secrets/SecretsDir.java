package io.switchboard.node.secrets;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Where a node keeps the secrets it generates itself when none are configured (dev mode):
 * {@code switchboard.secrets-dir}, by default {@code <data-dir>/secrets}. Nodes that must agree on
 * them (one cluster) share the directory: {@code ./switchboard cluster N} points every node at
 * {@code ./data/secrets}. In production every secret comes from configuration (a Kubernetes
 * Secret), and nothing is generated.
 */
public record SecretsDir(Path path) {
  public static SecretsDir fromConfig(Config root) {
    return new SecretsDir(io.switchboard.persistence.local.SecretFiles.secretsDir(root));
  }

  public Path resolve(String name) {
    return path.resolve(name);
  }
}
