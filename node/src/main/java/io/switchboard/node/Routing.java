package io.switchboard.node;

import io.switchboard.node.component.ComponentSettings;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.router.Services;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The domains this node answers and the Router over them. Services need the Router to answer, so
 * they are registered after it exists, and the registry is frozen before any listener accepts
 * ({@link HostedServices}).
 */
record Routing(Services services, ComponentSettings componentSettings, ComponentRoutes componentRoutes,
    Router router) {

  static Routing start(NodeCore core) {
    Services services = new Services(core.domain());
    ComponentSettings componentSettings = ComponentSettings.fromConfig(core.config(), core.domain());
    ComponentRoutes componentRoutes =
        new ComponentRoutes(ClusterSharding.get(core.system()), componentSettings.secrets().keySet());
    Router router = SwitchboardSharding.router(core.system(), services, componentRoutes);
    // Every node hosts component entities, whether or not a component connects to it.
    ComponentSession.init(core.system(), router);
    return new Routing(services, componentSettings, componentRoutes, router);
  }
}
