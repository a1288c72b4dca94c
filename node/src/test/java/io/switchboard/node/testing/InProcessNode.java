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

  private InProcessNode(SwitchboardNode node, int c2sPort, int c2sTlsPort, int managementPort) {
    this.node = node;
    this.c2sPort = c2sPort;
    this.c2sTlsPort = c2sTlsPort;
    this.managementPort = managementPort;
  }

  public static InProcessNode start(String keyspace, Map<String, Object> overrides) throws IOException {
    Path dataDir = Files.createDirectories(Path.of("target", "nodes", keyspace).toAbsolutePath());
    int c2s = CassandraExtension.freePort();
    int c2sTls = CassandraExtension.freePort();
    int management = CassandraExtension.freePort();
    Map<String, Object> settings = new HashMap<>();
    settings.put("switchboard.bind", "127.0.0.1");
    settings.put("switchboard.data-dir", dataDir.toString());
    settings.put("switchboard.ports.c2s", c2s);
    settings.put("switchboard.ports.c2s-tls", c2sTls);
    settings.put("switchboard.ports.management", management);
    settings.put("switchboard.cluster.port", CassandraExtension.freePort());
    settings.put("switchboard.cluster.seed-nodes", "");
    settings.put("switchboard.proxy65.port", CassandraExtension.freePort());
    settings.put("switchboard.c2s.drain-window", "1s");
    // The test JVM must survive the node's Coordinated Shutdown.
    settings.put("pekko.coordinated-shutdown.exit-jvm", "off");
    settings.putAll(overrides);
    Config config = ConfigFactory.parseMap(settings).withFallback(CassandraExtension.testConfig(keyspace));
    return new InProcessNode(SwitchboardNode.start(config), c2s, c2sTls, management);
  }

  public SwitchboardNode node() {
    return node;
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

  public String domain() {
    return node.settings().domain().toString();
  }

  @Override
  public void close() {
    node.stop();
  }
}
