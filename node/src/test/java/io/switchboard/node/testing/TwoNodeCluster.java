package io.switchboard.node.testing;

import io.switchboard.persistence.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two in-process nodes in one Pekko cluster over one keyspace of the shared test Cassandra, started
 * once per test JVM for every class that extends with it (after {@code CassandraExtension}) and
 * stopped when the JVM's tests end. Issue #18's ITs (uploads, bookmarks, avatars) share it: a
 * cluster costs half a minute to start on two cores.
 *
 * <p>The upload limits are small so the tests reach them: files up to 1 MiB, a quota of 2 MiB,
 * uploads cut after 4 s, three at once per node.
 */
public final class TwoNodeCluster implements BeforeAllCallback {
  public static final String KEYSPACE = "two_node_it";
  public static final long MAX_FILE = 1024 * 1024;
  public static final long QUOTA = 2 * 1024 * 1024;
  public static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(4);
  public static final int MAX_CONCURRENT_UPLOADS = 3;

  private static volatile Nodes nodes;

  /** The two nodes, once started (after {@link #beforeAll}). */
  public static InProcessNode first() {
    return nodes.first;
  }

  public static InProcessNode second() {
    return nodes.second;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(TwoNodeCluster.class, k -> start(), Nodes.class);
  }

  private static Nodes start() {
    try {
      InProcessNode first = InProcessNode.start(KEYSPACE, overrides(Map.of()));
      InProcessNode second = InProcessNode.start(KEYSPACE, overrides(Map.of(
          "switchboard.data-dir", Path.of("target", "nodes", KEYSPACE + "-2").toAbsolutePath().toString(),
          "switchboard.cluster.seed-nodes", "127.0.0.1:" + first.node().settings().cluster().port())));
      nodes = new Nodes(first, second);
      awaitReady(first);
      awaitReady(second);
      return nodes;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the two-node cluster did not start", e);
    }
  }

  private static Map<String, Object> overrides(Map<String, Object> more) {
    Map<String, Object> m = new HashMap<>(Map.of(
        "switchboard.upload.max-file-size", MAX_FILE,
        "switchboard.upload.quota", QUOTA,
        "switchboard.upload.upload-timeout", UPLOAD_TIMEOUT.toMillis() + "ms",
        "switchboard.upload.max-concurrent-uploads", MAX_CONCURRENT_UPLOADS,
        // XEP-0215 (BookmarksIT): a STUN server and a TURN server with time-limited credentials.
        "switchboard.extdisco.services-env", "stun:stun.example.org:3478,turn:turn.example.org:3478:udp",
        "switchboard.extdisco.secret", "it-turn-secret",
        // XEP-0133 (AdminCommandsIT): the server's admin.
        "switchboard.admins", "adm-root@localhost",
        // Two cluster members in one JVM: each registers its own JMX bean.
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
        // One secrets directory: the cluster's mutual TLS (#23 F4) needs the nodes to share the
        // generated CA, as the nodes of ./switchboard cluster N do.
        "switchboard.secrets-dir", Path.of("target", "nodes", KEYSPACE + "-secrets").toAbsolutePath().toString()));
    m.putAll(more);
    return m;
  }

  /** Waits for {@code /ready} (an Up member with sharding started and the listeners bound). */
  private static void awaitReady(InProcessNode node) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    Await.until("node on management port " + node.managementPort() + " ready", Duration.ofSeconds(90), () -> {
      try {
        return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /** Closed by JUnit when the root context closes (after every test class of the JVM). */
  private record Nodes(InProcessNode first, InProcessNode second) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      try {
        second.close();
      } finally {
        first.close();
      }
    }
  }
}
