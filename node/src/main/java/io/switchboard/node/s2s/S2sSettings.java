package io.switchboard.node.s2s;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stream.DecoderLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Federation settings, read once from {@code switchboard.s2s} (node reference.conf). The listener
 * port is {@code switchboard.ports.s2s}; the queue is the sharding module's
 * ({@code switchboard.s2s.queue}).
 *
 * @param enabled federation on: the listener binds and stanzas for other domains are sent
 * @param directTlsPort XEP-0368 direct TLS listener, 0 for none
 * @param tlsRequired STARTTLS (or direct TLS) before anything else, both ways
 * @param secureAuth {@link SecureAuth#REQUIRED}: only peers with a valid certificate (SASL
 *     EXTERNAL, RFC 6120 §13.7); {@link SecureAuth#DIALBACK}: dialback (XEP-0220) where the
 *     certificate is not valid
 * @param allow if not empty, only these remote domains (and their subdomains) federate
 * @param deny these remote domains (and their subdomains) never federate
 * @param hosts static targets: a remote domain → {@code host:port} (tests, private federations),
 *     used instead of DNS
 * @param caFile trust anchors for peers' certificates (PEM); empty: the JDK's default store
 * @param dnsServer a DNS server {@code host:port} for SRV and address lookups; empty: the
 *     system's
 * @param dialbackSecret the cluster-wide dialback secret (empty: generated, see {@link DialbackSecrets})
 * @param maxStanzasPerSecond stanzas (and dialback elements) one incoming stream may send per
 *     second; faster peers have their reads paused ({@link ReadThrottle})
 * @param maxDialbackVerifies {@code <db:verify/>} requests (XEP-0220 §2.3, we are the
 *     authoritative server) one incoming stream may send before it has authenticated a domain
 *     pair; one more gets {@code <policy-violation/>} ({@link VerifyBudget})
 * @param maxDialbackPending {@code <db:result/>} requests (XEP-0220 §2.2.1, we are the receiving
 *     server and ask the claimed domain's authoritative server) one incoming stream may have
 *     waiting for that answer at once; one more gets a dialback error ({@link ResultBudget})
 * @param maxDialbackPairs domain pairs one incoming stream may ask us to verify by dialback over
 *     its life; one more gets a dialback error ({@link ResultBudget})
 * @param bidi XEP-0288: offer bidirectional streams to peers and ask peers for them, so that one
 *     TCP connection carries stanzas both ways
 */
public record S2sSettings(
    boolean enabled,
    int directTlsPort,
    boolean tlsRequired,
    SecureAuth secureAuth,
    Set<String> allow,
    Set<String> deny,
    Map<String, Target> hosts,
    Optional<Path> caFile,
    Optional<String> dnsServer,
    String dialbackSecret,
    DecoderLimits decoderLimits,
    int maxStanzasPerSecond,
    int maxDialbackVerifies,
    int maxDialbackPending,
    int maxDialbackPairs,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration idleTimeout,
    Duration dnsTimeout,
    long maxPendingOutboundBytes,
    boolean bidi) {

  static final String PREFIX = "switchboard.s2s.";

  /** How peers without a valid certificate are treated (Prosody's {@code s2s_secure_auth}). */
  public enum SecureAuth { REQUIRED, DIALBACK }

  /** Where to connect for a domain: {@code host:port}, with direct TLS (XEP-0368) or STARTTLS. */
  public record Target(String host, int port, boolean directTls) {
    @Override
    public String toString() {
      return host + ":" + port + (directTls ? " (direct TLS)" : "");
    }
  }

  public S2sSettings {
    allow = Set.copyOf(allow);
    deny = Set.copyOf(deny);
    hosts = Map.copyOf(hosts);
  }

  /** Whether federation with {@code domain} is permitted by the allow and deny lists. */
  public boolean allowed(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    if (listed(deny, d)) {
      return false;
    }
    return allow.isEmpty() || listed(allow, d);
  }

  private static boolean listed(Set<String> list, String d) {
    for (String entry : list) {
      if (d.equals(entry) || d.endsWith("." + entry)) {
        return true;
      }
    }
    return false;
  }

  public static S2sSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.s2s");
    Map<String, Target> hosts = new LinkedHashMap<>();
    for (String pair : names(c, "hosts")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidSettingException(PREFIX + "hosts", "expected domain=host:port entries, got '" + pair + "'");
      }
      String domain = domain(pair.substring(0, eq).trim(), "hosts");
      hosts.put(domain, target(pair.substring(eq + 1).trim()));
    }
    Set<String> allow = new TreeSet<>();
    names(c, "allow").forEach(d -> allow.add(domain(d, "allow")));
    Set<String> deny = new TreeSet<>();
    names(c, "deny").forEach(d -> deny.add(domain(d, "deny")));
    String ca = c.getString("ca-file").trim();
    Optional<Path> caFile = Optional.empty();
    if (!ca.isEmpty()) {
      if (!Files.isReadable(Path.of(ca))) {
        throw new InvalidSettingException(PREFIX + "ca-file", "'" + ca + "' is not a readable file");
      }
      caFile = Optional.of(Path.of(ca));
    }
    String dns = c.getString("dns-server").trim();
    if (!dns.isEmpty()) {
      target(dns); // validates host:port
    }
    String secret = c.getString("dialback-secret").trim();
    if (!secret.isEmpty() && secret.length() < 16) {
      throw new InvalidSettingException(PREFIX + "dialback-secret", "shorter than 16 characters");
    }
    DecoderLimits limits;
    try {
      limits = DecoderLimits.DEFAULT.withMaxStanzaBytes(c.getInt("max-stanza-bytes")).withMaxDepth(c.getInt("max-depth"));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + "max-stanza-bytes / max-depth", e.getMessage());
    }
    int rate = c.getInt("max-stanzas-per-second");
    if (rate < 1) {
      throw new InvalidSettingException(PREFIX + "max-stanzas-per-second", rate + " is below the minimum 1");
    }
    int verifies = c.getInt("max-dialback-verifies");
    if (verifies < 1) {
      throw new InvalidSettingException(PREFIX + "max-dialback-verifies", verifies + " is below the minimum 1");
    }
    int pending = atLeastOne(c, "max-dialback-pending");
    int pairs = atLeastOne(c, "max-dialback-pairs");
    if (pending > pairs) {
      throw new InvalidSettingException(PREFIX + "max-dialback-pending", pending + " is above max-dialback-pairs " + pairs);
    }
    int directTls = c.getInt("direct-tls-port");
    if (directTls < 0 || directTls > 65535) {
      throw new InvalidSettingException(PREFIX + "direct-tls-port", directTls + " is not a port (0 = off)");
    }
    long maxPending = c.getBytes("max-pending-outbound-bytes");
    if (maxPending < 65_536) {
      throw new InvalidSettingException(PREFIX + "max-pending-outbound-bytes", maxPending + " is below the minimum 65536");
    }
    return new S2sSettings(c.getBoolean("enabled"), directTls, c.getBoolean("tls-required"),
        secureAuth(c.getString("secure-auth")), allow, deny, hosts, caFile,
        dns.isEmpty() ? Optional.empty() : Optional.of(dns), secret, limits, rate, verifies, pending, pairs,
        positive(c, "connect-timeout"), positive(c, "handshake-timeout"), positive(c, "idle-timeout"),
        positive(c, "dns-timeout"), maxPending, c.getBoolean("bidi"));
  }

  private static int atLeastOne(Config c, String key) {
    int v = c.getInt(key);
    if (v < 1) {
      throw new InvalidSettingException(PREFIX + key, v + " is below the minimum 1");
    }
    return v;
  }

  private static SecureAuth secureAuth(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "required" -> SecureAuth.REQUIRED;
      case "dialback" -> SecureAuth.DIALBACK;
      default -> throw new InvalidSettingException(PREFIX + "secure-auth", "'" + v + "' is not required or dialback");
    };
  }

  private static String domain(String value, String key) {
    var jid = Jids.parse(value.trim()).orElse(null);
    if (jid == null || !jid.isDomainBareJid()) {
      throw new InvalidSettingException(PREFIX + key, "'" + value + "' is not a domain");
    }
    return jid.toString();
  }

  /** {@code host:port} or {@code tls://host:port} (direct TLS). */
  static Target target(String value) {
    boolean tls = value.startsWith("tls://");
    String hp = tls ? value.substring(6) : value;
    int colon = hp.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidSettingException(PREFIX + "hosts", "'" + value + "' is not host:port");
    }
    try {
      int port = Integer.parseInt(hp.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new Target(hp.substring(0, colon), port, tls);
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(PREFIX + "hosts", "'" + value + "' has no valid port");
    }
  }

  /** A list setting given as a HOCON list or as one comma-separated string (the environment's way). */
  private static List<String> names(Config c, String key) {
    List<String> out = new ArrayList<>();
    try {
      if (c.getValue(key).valueType() == ConfigValueType.LIST) {
        c.getStringList(key).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
      } else {
        for (String s : c.getString(key).split(",")) {
          if (!s.isBlank()) {
            out.add(s.trim());
          }
        }
      }
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(PREFIX + key, "not a list");
    }
    return out;
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
    return "S2sSettings[enabled=" + enabled + ", tlsRequired=" + tlsRequired + ", secureAuth=" + secureAuth
        + ", allow=" + allow + ", deny=" + deny + ", hosts=" + hosts + ", bidi=" + bidi + "]"; // never the secret
  }
}
