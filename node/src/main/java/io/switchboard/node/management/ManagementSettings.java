package io.switchboard.node.management;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.secrets.SecretsDir;
import io.switchboard.persistence.local.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The management port ({@code switchboard.management}): where it binds, and who may use more than
 * the health checks. {@code /ready}, {@code /alive} and Cluster Bootstrap's {@code /bootstrap/*}
 * are always open (kubelet probes and the pods' discovery need them); so are the live cluster
 * page's static files ({@code /}, {@code /page/app.js}, {@code /page/style.css}: no data, and off
 * with the rest when admin is off); everything else ({@code /switchboard/status},
 * {@code /switchboard/cluster} behind the page, {@code /cluster/*} with its event stream) needs
 * the bearer token, or is off.
 *
 * @param bind the address the management port binds: loopback by default; the Helm chart sets the
 *     pod IP (the other pods' bootstrap and the kubelet's probes reach it there)
 * @param admin {@link Admin#TOKEN} or {@link Admin#OFF}
 * @param token the bearer token (empty when admin is off)
 */
public record ManagementSettings(String bind, Admin admin, Optional<String> token) {
  static final String FILE = "management.token";

  /** What the routes beyond the health checks require. */
  public enum Admin { TOKEN, OFF }

  @Override
  public String toString() {
    return "ManagementSettings[bind=" + bind + ", admin=" + admin + "]"; // never the token
  }

  public static ManagementSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.management");
    String bind = c.getString("bind").trim();
    if (bind.isEmpty()) {
      throw new InvalidSettingException("switchboard.management.bind", "empty address");
    }
    try {
      InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new InvalidSettingException("switchboard.management.bind", "'" + bind + "' does not resolve");
    }
    Admin admin = switch (c.getString("admin").trim().toLowerCase(Locale.ROOT)) {
      case "token" -> Admin.TOKEN;
      case "off" -> Admin.OFF;
      default -> throw new InvalidSettingException("switchboard.management.admin",
          "'" + c.getString("admin") + "' is not token or off");
    };
    if (admin == Admin.OFF) {
      return new ManagementSettings(bind, admin, Optional.empty());
    }
    String token = c.getString("token").trim();
    if (!token.isEmpty()) {
      if (token.length() < 16) {
        throw new InvalidSettingException("switchboard.management.token", "shorter than 16 characters");
      }
      return new ManagementSettings(bind, admin, Optional.of(token));
    }
    Path file = SecretsDir.fromConfig(root).resolve(FILE);
    try {
      return new ManagementSettings(bind, admin, Optional.of(SecretFiles.readOrCreateToken(file, 32)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the management token " + file, e);
    }
  }
}
