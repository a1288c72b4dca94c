package io.switchboard.node.cluster;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.local.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Mutual TLS on the cluster port ({@code switchboard.cluster.tls}). With it, Artery runs
 * {@code tls-tcp} and every connection between nodes, in both directions, must present a
 * certificate issued by the cluster's CA: a process without one can neither join nor send a
 * message. The files are PEM: the node certificate (RSA, issued directly by the CA), its key
 * (PKCS#1 or unencrypted PKCS#8) and the CA certificate (the format a Kubernetes TLS Secret with
 * {@code ca.crt}, e.g. from cert-manager, holds). None configured: dev mode generates a CA and one
 * node certificate for all nodes in the secrets directory ({@link ClusterCertificates}).
 *
 * @param enabled off only on purpose: remoting is then open to anyone who reaches the port
 * @param files the configured files, empty in dev mode
 * @param secretsDir where dev mode keeps the generated ones
 * @param reloadAfter how long a loaded certificate is used before the files are read again (so
 *     rotated files take effect without a restart)
 */
public record ClusterTlsSettings(boolean enabled, Optional<PemFiles> files, Path secretsDir, Duration reloadAfter) {

  /** The node certificate, its key and the CA certificate. */
  public record PemFiles(Path cert, Path key, Path ca) {}

  private static final String PREFIX = "switchboard.cluster.tls.";

  public static ClusterTlsSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.cluster.tls");
    Optional<Path> cert = file(c, "cert-file");
    Optional<Path> key = file(c, "key-file");
    Optional<Path> ca = file(c, "ca-file");
    Optional<PemFiles> files = Optional.empty();
    if (cert.isPresent() || key.isPresent() || ca.isPresent()) {
      String missing = cert.isEmpty() ? "cert-file" : key.isEmpty() ? "key-file" : ca.isEmpty() ? "ca-file" : null;
      if (missing != null) {
        throw new InvalidSettingException(PREFIX + missing, "cert-file, key-file and ca-file must be set together");
      }
      files = Optional.of(new PemFiles(cert.get(), key.get(), ca.get()));
    }
    Duration reload = c.getDuration("reload-after");
    if (reload.isNegative() || reload.isZero()) {
      throw new InvalidSettingException(PREFIX + "reload-after", "must be positive");
    }
    return new ClusterTlsSettings(c.getBoolean("enabled"), files, SecretFiles.secretsDir(root), reload);
  }

  private static Optional<Path> file(Config c, String key) {
    String v = c.getString(key).trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(v).toAbsolutePath();
    if (!Files.isReadable(p)) {
      throw new InvalidSettingException(PREFIX + key, "'" + v + "' is not a readable file");
    }
    return Optional.of(p);
  }
}
