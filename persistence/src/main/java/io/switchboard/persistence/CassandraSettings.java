package io.switchboard.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import io.switchboard.persistence.embedded.CassandraCredentials;
import io.switchboard.persistence.local.SecretFiles;

/**
 * The {@code switchboard.cassandra} settings, read once from the configuration and validated. A
 * bad value fails with an {@link IllegalArgumentException} whose message starts with the key.
 *
 * @param contactPoints an external cluster's contact points (unresolved); empty means "launch the
 *     embedded Cassandra"
 * @param maxRequestsPerConnection requests in flight on one driver connection before the driver
 *     refuses more ("No connection was available"); applies to the stores and the journal
 * @param credentialsFile where a node publishes the generated credentials of its embedded
 *     Cassandra's superuser role for others ({@code <secrets dir>/cassandra.credentials}; the
 *     original stays next to the Cassandra's data); read for {@code credentials} when no username
 *     is configured and the data directory has none of its own
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String datacenter,
    Optional<Credentials> credentials,
    String keyspace,
    Replication replication,
    Duration requestTimeout,
    Duration schemaTimeout,
    Duration connectTimeout,
    int maxRequestsPerConnection,
    Embedded embedded,
    Offline offline,
    Path credentialsFile) {

  static final String PREFIX = "switchboard.cassandra.";
  static final int MAX_STREAM_IDS = 32768;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?");

  public CassandraSettings {
    contactPoints = List.copyOf(contactPoints);
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(embedded, "embedded");
    Objects.requireNonNull(offline, "offline");
  }

  /** The same settings with {@code credentials} (those of a just-launched embedded Cassandra). */
  public CassandraSettings withCredentials(Credentials c) {
    return new CassandraSettings(contactPoints, datacenter, Optional.of(c), keyspace, replication, requestTimeout,
        schemaTimeout, connectTimeout, maxRequestsPerConnection, embedded, offline, credentialsFile);
  }

  /** True when no contact points are configured and the node launches its own Cassandra. */
  public boolean embeddedMode() {
    return contactPoints.isEmpty();
  }

  /** The contact points as "host:port" strings, for messages and driver configuration. */
  public List<String> contactPointStrings() {
    return contactPoints.stream().map(CassandraSettings::hostPort).toList();
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** PlainText credentials; {@link #toString()} never shows the password. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + "]";
    }
  }

  /**
   * Keyspace replication: {@code SimpleStrategy} with a factor, or {@code NetworkTopologyStrategy}
   * with a factor per datacenter.
   */
  public record Replication(String strategy, int factor, Map<String, Integer> datacenters) {
    public static final String SIMPLE = "SimpleStrategy";
    public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";

    public Replication {
      datacenters = Map.copyOf(new LinkedHashMap<>(datacenters));
      if (!SIMPLE.equals(strategy) && !NETWORK_TOPOLOGY.equals(strategy)) {
        throw new IllegalArgumentException(
            PREFIX + "replication.strategy: '" + strategy + "' is neither " + SIMPLE + " nor " + NETWORK_TOPOLOGY);
      }
      if (SIMPLE.equals(strategy) && factor < 1) {
        throw new IllegalArgumentException(PREFIX + "replication.factor: " + factor + " must be at least 1");
      }
      if (NETWORK_TOPOLOGY.equals(strategy) && datacenters.isEmpty()) {
        throw new IllegalArgumentException(
            PREFIX + "replication.datacenters: " + NETWORK_TOPOLOGY + " needs a list like \"dc1:3,dc2:3\"");
      }
    }

    public static Replication simple(int factor) {
      return new Replication(SIMPLE, factor, Map.of());
    }

    /** The CQL map literal of {@code CREATE KEYSPACE ... WITH replication = ...}. */
    public String toCql() {
      if (SIMPLE.equals(strategy)) {
        return "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}";
      }
      StringBuilder b = new StringBuilder("{'class': 'NetworkTopologyStrategy'");
      datacenters.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> b.append(", '").append(e.getKey()).append("': ").append(e.getValue()));
      return b.append('}').toString();
    }
  }

  /** The embedded Cassandra's settings ({@code switchboard.cassandra.embedded}). */
  public record Embedded(
      int port,
      int storagePort,
      Path dir,
      Optional<Path> libDir,
      Optional<Path> javaHome,
      String maxHeap,
      Duration startTimeout) {}

  /** Offline message limits: {@code maxPerUser} 0 = unlimited, {@code ttl} zero = forever. */
  public record Offline(int maxPerUser, Duration ttl) {
    public Offline {
      if (maxPerUser < 0) {
        throw new IllegalArgumentException(PREFIX + "offline.max-per-user: " + maxPerUser + " must be 0 or more");
      }
      if (ttl.isNegative() || ttl.toSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(PREFIX + "offline.ttl: " + ttl + " is out of range");
      }
    }
  }

  /** Reads and validates {@code switchboard.cassandra} (and {@code switchboard.data-dir}). */
  public static CassandraSettings fromConfig(Config root) {
    try {
      Config c = root.getConfig("switchboard.cassandra");
      List<InetSocketAddress> contactPoints = parseContactPoints(c.getString("contact-points"));
      String datacenter = nonEmpty(c, "datacenter");
      String username = c.getString("username").trim();
      Path credentialsFile = SecretFiles.secretsDir(root).resolve(CassandraCredentials.FILE);
      // Configured credentials first; else those an embedded Cassandra generated: next to its
      // data (this data directory's own), else the copy in the shared secrets directory (the
      // other nodes of ./switchboard cluster N, the CLI beside them).
      Optional<Credentials> credentials;
      if (!username.isEmpty()) {
        credentials = Optional.of(new Credentials(username, c.getString("password")));
      } else {
        Path own = Path.of(c.getString("embedded.dir")).resolve(CassandraCredentials.FILE);
        credentials = contactPoints.isEmpty() ? CassandraCredentials.read(own) : Optional.empty();
        if (credentials.isEmpty()) {
          credentials = CassandraCredentials.read(credentialsFile);
        }
      }
      String keyspace = c.getString("keyspace").trim();
      if (!IDENTIFIER.matcher(keyspace).matches()) {
        throw new IllegalArgumentException(
            PREFIX + "keyspace: '" + keyspace + "' is not a keyspace name (letter, then letters, digits, _; at most 48)");
      }
      Replication replication = new Replication(
          c.getString("replication.strategy").trim(),
          c.getInt("replication.factor"),
          parseDatacenters(c.getString("replication.datacenters")));
      Config e = c.getConfig("embedded");
      Embedded embedded = new Embedded(
          port(e, "embedded.port"),
          port(e, "embedded.storage-port"),
          Path.of(nonEmpty(e, "dir", "embedded.dir")),
          optionalPath(e.getString("lib-dir")),
          optionalPath(e.getString("java-home")),
          heap(e.getString("max-heap")),
          positive(e, "start-timeout", "embedded.start-timeout"));
      if (embedded.port() == embedded.storagePort()) {
        throw new IllegalArgumentException(
            PREFIX + "embedded.storage-port: " + embedded.storagePort() + " is the same as embedded.port");
      }
      Offline offline = new Offline(c.getInt("offline.max-per-user"), c.getDuration("offline.ttl"));
      int maxRequests = c.getInt("max-requests-per-connection");
      if (maxRequests < 1 || maxRequests > MAX_STREAM_IDS) {
        throw new IllegalArgumentException(PREFIX + "max-requests-per-connection: " + maxRequests
            + " is not in 1.." + MAX_STREAM_IDS + " (the native protocol's stream ids per connection)");
      }
      return new CassandraSettings(
          contactPoints,
          datacenter,
          credentials,
          keyspace,
          replication,
          positive(c, "request-timeout", "request-timeout"),
          positive(c, "schema-timeout", "schema-timeout"),
          positive(c, "connect-timeout", "connect-timeout"),
          maxRequests,
          embedded,
          offline,
          credentialsFile);
    } catch (ConfigException ex) {
      // Typesafe's own message already names the key and the problem.
      throw new IllegalArgumentException(ex.getMessage(), ex);
    }
  }

  static List<InetSocketAddress> parseContactPoints(String value) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String raw : value.split(",")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      String host = colon < 0 ? "" : s.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1); // [::1]:9042
      }
      boolean hostOk = HOST.matcher(host).matches() || (host.contains(":") && host.matches("[0-9A-Fa-f:.]+"));
      int port = colon < 0 ? -1 : parsePort(s.substring(colon + 1));
      if (!hostOk || port < 1) {
        throw new IllegalArgumentException(PREFIX + "contact-points: '" + s + "' is not host:port");
      }
      out.add(InetSocketAddress.createUnresolved(host, port));
    }
    return out;
  }

  static Map<String, Integer> parseDatacenters(String value) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String raw : value.split(",")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      int rf = colon < 0 ? -1 : parsePort(s.substring(colon + 1));
      String dc = colon < 0 ? "" : s.substring(0, colon).trim();
      if (dc.isEmpty() || rf < 1 || dc.contains("'") || out.containsKey(dc)) {
        throw new IllegalArgumentException(
            PREFIX + "replication.datacenters: '" + s + "' is not datacenter:factor (e.g. \"dc1:3,dc2:3\")");
      }
      out.put(dc, rf);
    }
    return out;
  }

  private static int parsePort(String s) {
    try {
      int n = Integer.parseInt(s.trim());
      return n >= 1 && n <= 65535 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int port(Config c, String key) {
    String local = key.substring(key.indexOf('.') + 1);
    String raw = c.getString(local);
    int port = parsePort(raw);
    if (port < 1) {
      throw new IllegalArgumentException(PREFIX + key + ": '" + raw + "' is not a port (1-65535)");
    }
    return port;
  }

  private static String nonEmpty(Config c, String key) {
    return nonEmpty(c, key, key);
  }

  private static String nonEmpty(Config c, String local, String key) {
    String v = c.getString(local).trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(PREFIX + key + ": must not be empty");
    }
    return v;
  }

  private static Duration positive(Config c, String local, String key) {
    Duration d = c.getDuration(local);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(PREFIX + key + ": " + d + " must be positive");
    }
    return d;
  }

  private static Optional<Path> optionalPath(String s) {
    return s.isBlank() ? Optional.empty() : Optional.of(Path.of(s.trim()));
  }

  private static String heap(String s) {
    String v = s.trim();
    if (!v.matches("[0-9]+[kKmMgG]?")) {
      throw new IllegalArgumentException(PREFIX + "embedded.max-heap: '" + s + "' is not a heap size like 1g or 512m");
    }
    return v;
  }
}
