package io.switchboard.node.component;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stream.DecoderLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * The external component listener (XEP-0114), read once from {@code switchboard.components}. The
 * port and bind address are the node's ({@code switchboard.ports.component}, {@code switchboard.bind}).
 *
 * @param secrets each configured component domain and its shared secret; the listener binds only
 *     when there is at least one
 * @param decoderLimits stanza size and depth limits, as on c2s ({@code <policy-violation/>})
 * @param handshakeTimeout a connection must complete the handshake within this
 *     ({@code <connection-timeout/>})
 * @param registerTimeout how long the handshake waits for the component's cluster entity
 * @param reregisterInterval how often a connection re-registers with its entity, so an entity
 *     restarted on another node after a crash learns the connection again
 * @param maxPendingOutboundBytes bytes written to a component but not yet taken by its socket; a
 *     component that stops reading is disconnected ({@code <resource-constraint/>}) beyond this
 * @param bind the address the component listener binds: loopback by default (components are
 *     trusted local services); another address only on purpose
 * @param tls direct TLS on the component port (the node's certificate and cipher policy)
 * @param maxHandshakeFailuresPerIp failed handshakes from one address (IPv6: one /64) within
 *     {@code handshakeFailureWindow} before further streams from it are refused
 *     ({@code <policy-violation/>}) until the window ends
 * @param handshakeFailureWindow see {@code maxHandshakeFailuresPerIp}
 */
public record ComponentSettings(
    Map<DomainBareJid, String> secrets,
    DecoderLimits decoderLimits,
    Duration handshakeTimeout,
    Duration registerTimeout,
    Duration reregisterInterval,
    long maxPendingOutboundBytes,
    String bind,
    boolean tls,
    int maxHandshakeFailuresPerIp,
    Duration handshakeFailureWindow) {
  private static final String PREFIX = "switchboard.components.";

  /** Secrets shorter than this draw a warning at start-up (they can be guessed). */
  public static final int SHORT_SECRET = 16;

  /** Settings with the default listener hardening (tests). */
  public ComponentSettings(Map<DomainBareJid, String> secrets, DecoderLimits decoderLimits, Duration handshakeTimeout,
      Duration registerTimeout, Duration reregisterInterval, long maxPendingOutboundBytes) {
    this(secrets, decoderLimits, handshakeTimeout, registerTimeout, reregisterInterval, maxPendingOutboundBytes,
        "127.0.0.1", false, 10, Duration.ofSeconds(60));
  }

  public ComponentSettings {
    secrets = Map.copyOf(secrets);
  }

  /** Whether any component is configured (the listener is started only then). */
  public boolean enabled() {
    return !secrets.isEmpty();
  }

  /** Configured domains whose secret is shorter than {@value #SHORT_SECRET} characters. */
  public java.util.List<DomainBareJid> shortSecrets() {
    return secrets.entrySet().stream().filter(e -> e.getValue().length() < SHORT_SECRET)
        .map(Map.Entry::getKey).sorted(java.util.Comparator.comparing(Object::toString)).toList();
  }

  /** The secret of a configured component domain. */
  public Optional<String> secret(DomainBareJid domain) {
    return Optional.ofNullable(secrets.get(domain));
  }

  /**
   * Reads {@code switchboard.components}: {@code services}, a list of {@code {domain, secret}}
   * objects, plus {@code services-env}, "domain=secret,domain=secret" (the environment's way in).
   * A component domain must be a valid domain other than {@code serverDomain}, listed once, with a
   * non-empty secret.
   */
  public static ComponentSettings fromConfig(Config root, DomainBareJid serverDomain) {
    Config c = root.getConfig("switchboard.components");
    Map<DomainBareJid, String> secrets = new LinkedHashMap<>();
    int i = 0;
    for (Config service : list(c)) {
      String key = PREFIX + "services[" + i++ + "]";
      add(secrets, key, string(service, key, "domain"), string(service, key, "secret"), serverDomain);
    }
    String env = c.getString("services-env").trim();
    if (!env.isEmpty()) {
      for (String pair : env.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidSettingException(PREFIX + "services-env", "expected domain=secret pairs separated by commas");
        }
        add(secrets, PREFIX + "services-env", pair.substring(0, eq).trim(), pair.substring(eq + 1).trim(), serverDomain);
      }
    }
    DecoderLimits limits;
    try {
      limits = DecoderLimits.DEFAULT
          .withMaxStanzaBytes(c.getInt("max-stanza-bytes"))
          .withMaxDepth(c.getInt("max-depth"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + "max-stanza-bytes / max-depth", e.getMessage());
    }
    long maxPending = c.getBytes("max-pending-outbound-bytes");
    if (maxPending < 65_536) {
      throw new InvalidSettingException(PREFIX + "max-pending-outbound-bytes", maxPending + " is below the minimum 65536");
    }
    String bind = c.getString("bind").trim();
    if (bind.isEmpty()) {
      throw new InvalidSettingException(PREFIX + "bind", "empty address");
    }
    try {
      java.net.InetAddress.getByName(bind);
    } catch (java.net.UnknownHostException e) {
      throw new InvalidSettingException(PREFIX + "bind", "'" + bind + "' does not resolve");
    }
    int maxFailures = c.getInt("max-handshake-failures-per-ip");
    if (maxFailures < 1) {
      throw new InvalidSettingException(PREFIX + "max-handshake-failures-per-ip", maxFailures + " is below the minimum 1");
    }
    return new ComponentSettings(secrets, limits,
        positive(c, "handshake-timeout"), positive(c, "register-timeout"), positive(c, "reregister-interval"),
        maxPending, bind, c.getBoolean("tls"), maxFailures, positive(c, "handshake-failure-window"));
  }

  private static Iterable<? extends Config> list(Config c) {
    try {
      return c.getConfigList("services");
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(PREFIX + "services", "must be a list of { domain, secret } objects");
    }
  }

  private static String string(Config service, String key, String field) {
    if (!service.hasPath(field)) {
      throw new InvalidSettingException(key + "." + field, "is missing");
    }
    return service.getString(field).trim();
  }

  private static void add(Map<DomainBareJid, String> secrets, String key, String domain, String secret,
      DomainBareJid serverDomain) {
    Jid jid = Jids.parse(domain).orElse(null);
    if (jid == null || !jid.isDomainBareJid()) {
      throw new InvalidSettingException(key, "'" + domain + "' is not a domain");
    }
    DomainBareJid d = jid.asDomainBareJid();
    if (d.equals(serverDomain)) {
      throw new InvalidSettingException(key, "a component cannot take the server's own domain " + serverDomain);
    }
    if (secret.isEmpty()) {
      throw new InvalidSettingException(key, "the secret of " + d + " is empty");
    }
    if (secrets.putIfAbsent(d, secret) != null) {
      throw new InvalidSettingException(key, d + " is configured twice");
    }
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, "must be positive");
    }
    return d;
  }

  @Override
  public String toString() {
    // Never print the secrets.
    return "ComponentSettings[domains=" + secrets.keySet() + ", limits=" + decoderLimits + ", bind=" + bind
        + ", tls=" + tls + "]";
  }
}
