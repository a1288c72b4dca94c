package io.switchboard.node;

import io.switchboard.node.lifecycle.Listener;
import io.switchboard.node.proxy65.Proxy65;

/** The XEP-0065 SOCKS5 proxy's port (its service was registered with the others), when enabled. */
final class Proxy65Listener {
  private Proxy65Listener() {}

  /** Registers the drain, then binds; nothing when {@code proxy65} is null. */
  static void bind(NodeCore core, Proxy65 proxy65) {
    if (proxy65 == null) {
      return;
    }
    core.lifecycle().listener("proxy65", Listener.of(proxy65::stopAccepting, null, proxy65::close));
    proxy65.bind(core.settings().bind());
  }
}
