package io.switchboard.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.protocol.jid.Jids;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * The node's own settings, read once from {@code switchboard.*} and validated. An invalid value
 * fails with an {@link InvalidSettingException} naming the key.
 */
public record NodeSettings(
    DomainBareJid domain,
    String bind,
    Ports ports,
    ClusterAddress cluster,
    Registration registration,
    Path dataDir,
    io.switchboard.node.cluster.ClusterTlsSettings clusterTls) {

  /** Listener ports. */
  public record Ports(int c2s, int c2sTls, int s2s, int component, int http, int management) {}

  /**
   * This node's remoting address and how it finds the others: the seeds it joins (empty: join
   * itself), or Kubernetes API discovery through Cluster Bootstrap.
   */
  public record ClusterAddress(String host, int port, List<HostPort> seedNodes, Discovery discovery) {
    public ClusterAddress {
      seedNodes = List.copyOf(seedNodes);
    }

    public ClusterAddress(String host, int port, List<HostPort> seedNodes) {
      this(host, port, seedNodes, Discovery.SEED_NODES);
    }
  }

  /** How a node finds the cluster ({@code switchboard.cluster.discovery}). */
  public enum Discovery {
    /** The configured seed nodes, or itself when there are none. */
    SEED_NODES,
    /** Pekko Cluster Bootstrap with kubernetes-api discovery (the classpath's kubernetes.conf). */
    KUBERNETES_API
  }

  /** Whether XEP-0077 in-band registration may create accounts: never, by invitation, or for anyone. */
  public enum Registration {
    OPEN,
    INVITE,
    CLOSED
  }

  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard");
    DomainBareJid domain = parseDomain(string(c, "domain"));
    String bind = string(c, "bind");
    checkAddress("switchboard.bind", bind);
    Ports ports =
        new Ports(
            port(c, "ports.c2s"),
            port(c, "ports.c2s-tls"),
            port(c, "ports.s2s"),
            port(c, "ports.component"),
            port(c, "ports.http"),
            port(c, "ports.management"));
    String clusterHost = string(c, "cluster.host");
    checkAddress("switchboard.cluster.host", clusterHost);
    List<HostPort> seeds = new ArrayList<>();
    for (String s : string(c, "cluster.seed-nodes").split(",")) {
      if (!s.isBlank()) {
        seeds.add(HostPort.parse("switchboard.cluster.seed-nodes", s));
      }
    }
    String discoveryName = string(c, "cluster.discovery");
    Discovery discovery = switch (discoveryName) {
      case "seed-nodes" -> Discovery.SEED_NODES;
      case "kubernetes-api" -> Discovery.KUBERNETES_API;
      default -> throw new InvalidSettingException("switchboard.cluster.discovery",
          "'" + discoveryName + "' is not seed-nodes or kubernetes-api");
    };
    ClusterAddress cluster =
        new ClusterAddress(clusterHost, port(c, "cluster.port"), seeds, discovery);
    Registration registration;
    String reg = string(c, "registration").toUpperCase(Locale.ROOT);
    try {
      registration = Registration.valueOf(reg);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("switchboard.registration", "'" + reg.toLowerCase(Locale.ROOT) + "' is not open, invite or closed");
    }
    Path dataDir = Path.of(string(c, "data-dir"));
    return new NodeSettings(domain, bind, ports, cluster, registration, dataDir,
        io.switchboard.node.cluster.ClusterTlsSettings.fromConfig(root));
  }

  static int checkPort(String key, int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidSettingException(key, port + " is not a TCP port (1-65535)");
    }
    return port;
  }

  private static int port(Config c, String path) {
    String key = "switchboard." + path;
    int value;
    try {
      value = c.getInt(path);
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException(key, "'" + c.getValue(path).unwrapped() + "' is not a number");
    }
    return checkPort(key, value);
  }

  private static String string(Config c, String path) {
    try {
      return c.getString(path).trim();
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException("switchboard." + path, "missing");
    }
  }

  private static DomainBareJid parseDomain(String value) {
    Optional<Jid> jid = Jids.parse(value);
    if (value.isEmpty() || jid.isEmpty() || !jid.get().isDomainBareJid()) {
      throw new InvalidSettingException("switchboard.domain", "'" + value + "' is not a valid XMPP domain");
    }
    return jid.get().asDomainBareJid();
  }

  private static void checkAddress(String key, String value) {
    if (value.isEmpty()) {
      throw new InvalidSettingException(key, "empty address");
    }
    try {
      InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new InvalidSettingException(key, "'" + value + "' does not resolve");
    }
  }
}
