package io.switchboard.node.process;

import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The environment of a cluster of {@link NodeProcess}es in one test: each node's cluster port, and
 * what they share: the test's Cassandra with its login (issue #23 F6), a fresh keyspace, and every
 * node as a seed. Tests add their own settings to {@link #shared()} before asking for a node's.
 */
public final class ProcessCluster {
  private final int[] clusterPorts;
  private final Map<String, String> shared = new HashMap<>();

  private ProcessCluster(int size, String keyspacePrefix) {
    clusterPorts = IntStream.range(0, size).map(i -> NodeProcess.freePort()).toArray();
    shared.put("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", CassandraExtension.contactPoint());
    shared.put("SWITCHBOARD_CASSANDRA_USERNAME", CassandraExtension.cassandra().credentials().username());
    shared.put("SWITCHBOARD_CASSANDRA_PASSWORD", CassandraExtension.cassandra().credentials().password());
    shared.put("SWITCHBOARD_CASSANDRA_KEYSPACE", keyspacePrefix + "_" + Long.toHexString(System.nanoTime()));
    shared.put("SWITCHBOARD_SEED_NODES",
        IntStream.of(clusterPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
  }

  /** {@code size} nodes whose keyspace is {@code keyspacePrefix} plus a unique suffix. */
  public static ProcessCluster of(int size, String keyspacePrefix) {
    return new ProcessCluster(size, keyspacePrefix);
  }

  /** The settings every node gets (mutable until the first {@link #node}). */
  public Map<String, String> shared() {
    return shared;
  }

  /** Node {@code i}'s environment: the shared settings and its own cluster port. */
  public Map<String, String> node(int i) {
    Map<String, String> env = new HashMap<>(shared);
    env.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
    return env;
  }

  public int clusterPort(int i) {
    return clusterPorts[i];
  }
}
