package io.switchboard.node.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.SwitchboardNode;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Switchboard node in the test JVM, on free loopback ports, using the test JVM's shared
 * embedded Cassandra (use with {@code @ExtendWith(CassandraExtension.class)}) in its own keyspace.
 */
public final class InProcessNode implements AutoCloseable {
  private final SwitchboardNode node;
  private final int c2sPort;
  private final int c2sTlsPort;
  private final int managementPort;
  private final int httpPort;

  private InProcessNode(SwitchboardNode node, int c2sPort, int c2sTlsPort, int managementPort, int httpPort) {
    this.node = node;
    this.c2sPort = c2sPort;
    this.c2sTlsPort = c2sTlsPort;
    this.managementPort = managementPort;
    this.httpPort = httpPort;
  }

  public static InProcessNode start(String keyspace, Map<String, Object> overrides) throws IOException {
    Path dataDir = Files.createDirectories(Path.of("target", "nodes", keyspace).toAbsolutePath());
    // Distinct ports: a port just probed and released can be handed out again by the next probe
    // (two listeners of one node then collide; seen as "Address already in use" in CI).
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    int c2s = distinctFreePort(taken);
    int c2sTls = distinctFreePort(taken);
    int management = distinctFreePort(taken);
    int http = distinctFreePort(taken);
    Map<String, Object> settings = new HashMap<>();
    settings.put("switchboard.bind", "127.0.0.1");
    settings.put("switchboard.data-dir", dataDir.toString());
    settings.put("switchboard.ports.c2s", c2s);
    settings.put("switchboard.ports.c2s-tls", c2sTls);
    settings.put("switchboard.ports.management", management);
    // Never the default ports: another node may run on this machine.
    settings.put("switchboard.ports.http", http);
    settings.put("switchboard.ports.component", distinctFreePort(taken));
    settings.put("switchboard.ports.s2s", distinctFreePort(taken));
    settings.put("switchboard.cluster.port", distinctFreePort(taken));
    settings.put("switchboard.cluster.seed-nodes", "");
    settings.put("switchboard.proxy65.port", distinctFreePort(taken));
    settings.put("switchboard.c2s.drain-window", "1s");
    // The test JVM must survive the node's Coordinated Shutdown.
    settings.put("pekko.coordinated-shutdown.exit-jvm", "off");
    // The resolver's production default (3 s, README "Failover timing") downs a healthy node that
    // stalls ~7 s; several nodes in one JVM on a loaded 2-core machine do (a GC pause stalls them
    // all). 10 s as the process ITs use; a test may set its own.
    settings.put("pekko.cluster.split-brain-resolver.stable-after", "10s");
    settings.putAll(overrides);
    Config config = ConfigFactory.parseMap(settings).withFallback(CassandraExtension.testConfig(keyspace));
    int httpPort = config.getInt("switchboard.ports.http");
    return new InProcessNode(SwitchboardNode.start(config), c2s, c2sTls, management, httpPort);
  }

  /**
   * Starts a node (as {@link #start}) and creates an account {@code user@<domain>} with password
   * {@code user-pw} for each of {@code users}; installs the Smack parser fix first.
   */
  public static InProcessNode startWithAccounts(String keyspace, Map<String, Object> overrides, String... users)
      throws IOException {
    DefaultPrefixAsNull.install();
    InProcessNode n = start(keyspace, overrides);
    for (String user : users) {
      n.node().persistence().accounts()
          .create(io.switchboard.protocol.jid.Jids.bare(user + "@" + n.domain()), user + "-pw")
          .toCompletableFuture().join();
    }
    return n;
  }

  /** Closes {@code n} if it was started (for @AfterAll after a failed start). */
  public static void closeIfStarted(InProcessNode n) {
    if (n != null) {
      n.close();
    }
  }

  private static int distinctFreePort(java.util.Set<Integer> taken) {
    for (int i = 0; i < 100; i++) {
      int p = CassandraExtension.freePort();
      if (taken.add(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no distinct free port");
  }

  public SwitchboardNode node() {
    return node;
  }

  /** The management token this node generated in its secrets directory (#23 F5), or "" before it exists. */
  public String managementToken() {
    java.nio.file.Path dir = io.switchboard.persistence.local.SecretFiles.secretsDir(node.system().settings().config());
    try {
      return java.nio.file.Files.readString(dir.resolve("management.token")).trim();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  public int c2sPort() {
    return c2sPort;
  }

  public int c2sTlsPort() {
    return c2sTlsPort;
  }

  public int managementPort() {
    return managementPort;
  }

  /** The HTTP port (API, WebSocket, BOSH), a free one unless the overrides named it. */
  public int httpPort() {
    return httpPort;
  }

  public String domain() {
    return node.settings().domain().toString();
  }

  @Override
  public void close() {
    node.stop();
  }
}
