package io.switchboard.node;

import io.switchboard.node.component.ComponentServer;
import io.switchboard.node.component.ComponentSettings;
import io.switchboard.node.lifecycle.Listener;
import java.time.Duration;

/** XEP-0114 external components: their port, when enabled, drained with the node. */
final class ComponentListener {
  private ComponentListener() {}

  static void start(NodeCore core, Routing routing) {
    ComponentSettings componentSettings = routing.componentSettings();
    if (!componentSettings.enabled()) {
      return;
    }
    ComponentServer components = ComponentServer.start(
        new ComponentServer.Dependencies(componentSettings, routing.componentRoutes(), routing.router(),
            core.system()),
        componentSettings.bind(), core.settings().ports().component());
    core.lifecycle().listener("components", Listener.of(components::stopAccepting, () -> components.closeAllStreams(Duration.ofSeconds(5)), components::close));
  }
}
