package io.switchboard.node.secrets;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.local.SecretFiles;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.sasl.ScramDecoy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The SCRAM decoy of this node: the salt an unknown username gets is an HMAC of the name under a
 * cluster-wide secret (RFC 5802 §5.1), so every node, and the same node after a restart, answers
 * an unknown name with the same salt, as it would for a real account. A per-process random secret
 * let anyone tell unknown names from real ones by asking two nodes (or one node twice across a
 * restart): a real account's salt never changes.
 *
 * <p>The secret is {@code switchboard.sasl.decoy-secret} (at least 16 characters; the Helm chart
 * passes one from a Secret), or in dev mode a random one generated once in the secrets directory
 * ({@link SecretsDir}, file {@value #FILE}, 0600).
 */
public final class ScramDecoys {
  static final String FILE = "scram-decoy.secret";
  static final String KEY = "switchboard.sasl.decoy-secret";

  private ScramDecoys() {}

  public static ScramDecoy fromConfig(Config root) {
    String configured = root.hasPath(KEY) ? root.getString(KEY).trim() : "";
    if (!configured.isEmpty()) {
      if (configured.length() < 16) {
        throw new InvalidSettingException(KEY, "shorter than 16 characters");
      }
      return new ScramDecoy(configured.getBytes(StandardCharsets.UTF_8), ScramCredentials.DEFAULT_ITERATIONS);
    }
    Path file = SecretsDir.fromConfig(root).resolve(FILE);
    try {
      String generated = SecretFiles.readOrCreateToken(file, 32);
      return new ScramDecoy(generated.getBytes(StandardCharsets.UTF_8), ScramCredentials.DEFAULT_ITERATIONS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the SCRAM decoy secret " + file, e);
    }
  }
}
