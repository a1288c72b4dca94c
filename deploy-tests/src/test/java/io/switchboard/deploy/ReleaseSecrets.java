package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The Secret the chart generates at install (cluster CA and node certificate for mutual TLS on the
 * remoting port, the management token, the SCRAM decoy secret), rendered once and shared by every
 * pod of a test release, as the API server would hold it. Each pod's own render would generate new
 * values, so the pods read {@code secretKeyRef}s from this one; the cluster certificate is written
 * to a directory mounted where the chart mounts its Secret volume.
 */
final class ReleaseSecrets {
  static final String MANAGEMENT_TOKEN = "management-token";

  private final String name;
  private final Map<String, String> data;
  private final Path clusterTlsDir;

  private ReleaseSecrets(String name, Map<String, String> data, Path clusterTlsDir) {
    this.name = name;
    this.data = data;
    this.clusterTlsDir = clusterTlsDir;
  }

  /** Renders the chart with {@code values} and keeps its generated Secret; the certificate goes under {@code work}. */
  static ReleaseSecrets render(Map<String, Object> values, Path work) {
    Workload release = new Workload(Manifests.parse(Chart.template(ValueSet.DEFAULTS, values)));
    Secret secret = release.all(Secret.class).stream()
        .filter(s -> s.getStringData() != null && s.getStringData().containsKey(MANAGEMENT_TOKEN))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the chart generated no Secret with a " + MANAGEMENT_TOKEN));
    Map<String, String> data = Map.copyOf(secret.getStringData());
    try {
      Path dir = Files.createDirectories(work.resolve("cluster-tls"));
      for (String file : new String[] {"tls.crt", "tls.key", "ca.crt"}) {
        String pem = data.get(file);
        if (pem == null) {
          throw new AssertionError("the chart's Secret has no " + file + " (cluster.tls.enabled?)");
        }
        // A Secret volume's files are readable by the pod's user (fsGroup); here: by everyone.
        Files.writeString(dir.resolve(file), pem);
        Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new ReleaseSecrets(secret.getMetadata().getName(), data, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of {@code NAME/KEY}, as the kubelet resolves a {@code secretKeyRef}. */
  String resolve(String nameAndKey) {
    int slash = nameAndKey.indexOf('/');
    String secretName = nameAndKey.substring(0, slash);
    String key = nameAndKey.substring(slash + 1);
    if (!secretName.equals(name)) {
      throw new AssertionError("the test holds Secret " + name + ", not " + secretName);
    }
    return value(key);
  }

  String value(String key) {
    String v = data.get(key);
    if (v == null) {
      throw new AssertionError("Secret " + name + " has no key " + key);
    }
    return v;
  }

  Path clusterTlsDir() {
    return clusterTlsDir;
  }
}
