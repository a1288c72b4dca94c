package io.switchboard.node.testing;

import io.switchboard.persistence.testkit.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Two real nodes in the test JVM forming one cluster (the second joins the first), sharing the
 * test JVM's embedded Cassandra and one keyspace, each on its own ports and data directory: the
 * cheapest way to show that something works across nodes (a client on each, requests of one
 * session through both).
 */
public final class NodePair implements AutoCloseable {
  private final InProcessNode first;
  private final InProcessNode second;

  private NodePair(InProcessNode first, InProcessNode second) {
    this.first = first;
    this.second = second;
  }

  /** Starts both (same {@code overrides}) with accounts {@code user@localhost} / {@code user-pw}. */
  public static NodePair start(String keyspace, Map<String, Object> overrides, String... users)
      throws IOException, InterruptedException {
    Map<String, Object> both = new HashMap<>(overrides);
    both.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    // One secrets directory: the cluster's mutual TLS (#23 F4) needs both nodes to trust the same
    // generated CA, as the nodes of ./switchboard cluster N do.
    both.putIfAbsent("switchboard.secrets-dir",
        Path.of("target", "nodes", keyspace + "-secrets").toAbsolutePath().toString());
    overrides = both;
    InProcessNode a = InProcessNode.startWithAccounts(keyspace, overrides, users);
    InProcessNode b = null;
    try {
      Map<String, Object> join = new HashMap<>(overrides);
      join.put("switchboard.cluster.seed-nodes", "127.0.0.1:" + a.node().settings().cluster().port());
      join.put("switchboard.data-dir", Path.of("target", "nodes", keyspace + "-2").toAbsolutePath().toString());
      b = InProcessNode.start(keyspace, join);
      Cluster ca = Cluster.get(a.node().system());
      Await.until("two Up members", Duration.ofSeconds(60), () -> ca.state().getMembers().spliterator()
          .estimateSize() == 2 && java.util.stream.StreamSupport.stream(ca.state().getMembers().spliterator(), false)
          .allMatch(m -> m.status() == MemberStatus.up()));
      return new NodePair(a, b);
    } catch (RuntimeException | Error e) {
      InProcessNode.closeIfStarted(b);
      a.close();
      throw e;
    }
  }

  public InProcessNode first() {
    return first;
  }

  public InProcessNode second() {
    return second;
  }

  @Override
  public void close() {
    try {
      second.close();
    } finally {
      first.close();
    }
  }
}
