package io.switchboard.node;

import com.typesafe.config.Config;
import io.switchboard.node.management.ManagementServer;
import io.switchboard.node.metrics.MetricsRoute;
import io.switchboard.node.metrics.MetricsSettings;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.feed.Feed;
import io.switchboard.sharding.muc.MucRoom;
import io.switchboard.sharding.pubsub.PubSubNode;
import io.switchboard.sharding.s2s.RemoteDomain;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Metrics (issue #21): one registry for the node, served at /metrics on the management port
 * (behind the management token), and the watches over what runs once everything is started.
 */
final class MetricsWiring {
  private MetricsWiring() {}

  /** The registry, closed before the ActorSystem terminates; starts the management server. */
  static NodeMetrics start(ActorSystem<Void> system, Config config, CoordinatedShutdown cs) {
    NodeMetrics metrics = NodeMetrics.create(MetricsSettings.fromConfig(config));
    cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-metrics", () -> {
      metrics.close();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    ManagementServer.start(system, MetricsRoute.of(metrics).stream().toList());
    return metrics;
  }

  /** The other sharded types, the cluster's membership, the driver's sessions. */
  static void watchAll(NodeCore core, HostedServices hosted) {
    NodeMetrics metrics = core.metrics();
    ActorSystem<Void> system = core.system();
    metrics.watchEntities(system, PubSubNode.TYPE_KEY, "pubsub-node");
    metrics.watchEntities(system, ComponentSession.TYPE_KEY, "component");
    metrics.watchEntities(system, Feed.TYPE_KEY, "feed");
    if (hosted.mucSettings().enabled()) {
      metrics.watchEntities(system, MucRoom.TYPE_KEY, "muc-room");
    }
    if (hosted.s2sSettings().enabled()) {
      metrics.watchEntities(system, RemoteDomain.TYPE_KEY, "remote-domain");
    }
    metrics.watchCluster(system);
    metrics.watchCassandra("store", () -> CompletableFuture.completedFuture(core.persistence().session()));
    // The journal's own session (pekko-persistence-cassandra shares it under this config path).
    metrics.watchCassandra("journal", () ->
        CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra").underlying());
  }
}
