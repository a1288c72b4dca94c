package io.switchboard.sharding.extdisco;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The STUN/TURN services of XEP-0215, read once from {@code switchboard.extdisco}: a HOCON list of
 * services, plus a compact list from the environment ({@code SWITCHBOARD_EXTDISCO_SERVICES},
 * {@code type:host[:port[:transport]]} comma-separated), whose TURN entries use the shared
 * {@code secret} ({@code SWITCHBOARD_TURN_SECRET}) when one is set. No service: the feature is off
 * and not announced.
 */
public record ExternalServicesSettings(List<ExternalService> services) {
  private static final String PREFIX = "switchboard.extdisco.";

  public ExternalServicesSettings {
    services = List.copyOf(services);
  }

  public static final ExternalServicesSettings NONE = new ExternalServicesSettings(List.of());

  public boolean enabled() {
    return !services.isEmpty();
  }

  public static ExternalServicesSettings fromConfig(Config root) {
    if (!root.hasPath("switchboard.extdisco")) {
      return NONE;
    }
    Config c = root.getConfig("switchboard.extdisco");
    Duration ttl = c.getDuration("credential-ttl");
    String sharedSecret = c.getString("secret");
    List<ExternalService> out = new ArrayList<>();
    List<? extends Config> listed = c.getConfigList("services");
    for (int i = 0; i < listed.size(); i++) {
      Config s = listed.get(i);
      String key = PREFIX + "services[" + i + "]";
      try {
        out.add(new ExternalService(s.getString("type"), s.getString("host"), s.hasPath("port") ? s.getInt("port") : 0,
            opt(s, "transport"), opt(s, "name"), opt(s, "username"), opt(s, "password"), opt(s, "secret"),
            s.hasPath("credential-ttl") ? s.getDuration("credential-ttl") : ttl));
      } catch (ConfigException | IllegalArgumentException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
    }
    String env = c.getString("services-env").trim();
    if (!env.isEmpty()) {
      for (String entry : env.split(",")) {
        out.add(compact(entry.trim(), sharedSecret, ttl));
      }
    }
    return new ExternalServicesSettings(out);
  }

  /** {@code type:host[:port[:transport]]}; a turn/turns entry uses the shared secret when set. */
  private static ExternalService compact(String entry, String secret, Duration ttl) {
    String[] p = entry.split(":");
    if (p.length < 2 || p.length > 4) {
      throw new IllegalArgumentException(PREFIX + "services-env: '" + entry + "' is not type:host[:port[:transport]]");
    }
    try {
      int port = p.length > 2 ? Integer.parseInt(p[2]) : 0;
      boolean turn = p[0].toLowerCase(java.util.Locale.ROOT).startsWith("turn");
      return new ExternalService(p[0], p[1], port, p.length > 3 ? p[3] : "", "", "", "", turn ? secret : "", ttl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "services-env: '" + entry + "': " + e.getMessage(), e);
    }
  }

  private static String opt(Config c, String key) {
    return c.hasPath(key) ? c.getString(key).trim() : "";
  }
}
