package io.switchboard.node.s2s;

import com.typesafe.config.Config;
import io.switchboard.node.secrets.SecretsDir;
import io.switchboard.persistence.local.SecretFiles;
import io.switchboard.protocol.s2s.DialbackKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The cluster-wide dialback secret (XEP-0185): {@code switchboard.s2s.dialback-secret} (at least
 * 16 characters, the same on every node; the Helm chart does not pass one yet), or
 * in dev mode a random one generated once in the secrets directory ({@value #FILE}, 0600), which
 * the nodes of one machine share. Any node can then answer a {@code <db:verify/>} for a key
 * another node sent.
 */
public final class DialbackSecrets {
  static final String FILE = "dialback.secret";

  private DialbackSecrets() {}

  public static DialbackKey fromConfig(Config root, S2sSettings settings) {
    if (!settings.dialbackSecret().isEmpty()) {
      return new DialbackKey(settings.dialbackSecret().getBytes(StandardCharsets.UTF_8));
    }
    Path file = SecretsDir.fromConfig(root).resolve(FILE);
    try {
      return new DialbackKey(SecretFiles.readOrCreateToken(file, 32).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the dialback secret " + file, e);
    }
  }
}
