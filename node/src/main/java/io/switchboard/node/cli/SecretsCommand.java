package io.switchboard.node.cli;

import io.switchboard.node.cluster.ClusterCertificates;
import io.switchboard.node.cluster.ClusterTlsSettings;
import io.switchboard.persistence.local.SecretFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ./switchboard secrets DIR}: writes a fresh set of the secrets a cluster shares, one file
 * per key of the Kubernetes Secret the Helm chart and {@code k8s/} expect ({@code kubectl create
 * secret generic NAME --from-file=DIR}), or to mount in containers: the cluster CA and node
 * certificate ({@code ca.crt}, {@code tls.crt}, {@code tls.key}), {@code management-token} and
 * {@code sasl-decoy-secret}. The directory is created 0700, the files 0600; nothing is overwritten.
 */
final class SecretsCommand {
  static final List<String> FILES = List.of("ca.crt", "tls.crt", "tls.key", "management-token", "sasl-decoy-secret");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrintStream out;
  private final PrintStream err;

  SecretsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    if (args.size() != 1) {
      err.println("usage: switchboard secrets DIR");
      return AccountCommand.USAGE;
    }
    Path dir = Path.of(args.get(0)).toAbsolutePath();
    for (String f : FILES) {
      if (Files.exists(dir.resolve(f))) {
        err.println("switchboard: " + dir.resolve(f) + " exists; not overwriting (use an empty directory)");
        return AccountCommand.ACCOUNT_STATE;
      }
    }
    try {
      SecretFiles.privateDir(dir);
      ClusterCertificates.write(new ClusterTlsSettings.PemFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"),
          dir.resolve("ca.crt")), Clock.systemUTC());
      SecretFiles.writePrivate(dir.resolve("management-token"), random());
      SecretFiles.writePrivate(dir.resolve("sasl-decoy-secret"), random());
    } catch (IOException e) {
      err.println("switchboard: cannot write " + dir + ": " + e.getMessage());
      return AccountCommand.USAGE;
    }
    out.println("wrote " + String.join(", ", FILES) + " to " + dir + " (0600)");
    return AccountCommand.OK;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
