package io.switchboard.node;

import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.health.NodeHealth;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this member joins the cluster (Kubernetes bootstrap, the configured seed nodes, or itself
 * when there are none), and sharding counting as up once the member is Up.
 */
final class ClusterMembership {
  // The node's own logger, so the line keeps its logger name.
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);

  private ClusterMembership() {}

  static void join(ActorSystem<Void> system, NodeSettings settings, NodeHealth health) {
    Cluster cluster = Cluster.get(system);
    if (settings.cluster().discovery() == NodeSettings.Discovery.KUBERNETES_API) {
      ClusterBootstrap.get(system).start();
    } else if (settings.cluster().seedNodes().isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                system.systemActorOf(
                    Behaviors.<SelfUp>receive((ctx, msg) -> {
                      log.info("Cluster member {} is Up", cluster.selfMember().address());
                      health.markUp(NodeHealth.Part.SHARDING);
                      return Behaviors.stopped();
                    }),
                    "self-up-listener",
                    Props.empty()),
                SelfUp.class));
  }
}
