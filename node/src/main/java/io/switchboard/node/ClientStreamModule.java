package io.switchboard.node;

import io.switchboard.protocol.Namespaces;
import io.switchboard.sharding.module.Module;
import java.util.List;

/**
 * What the node's client streams add to the server's disco#info: XEP-0198 stream management and
 * XEP-0077 in-band registration (accounts change their password or cancel through it even when
 * creating accounts is closed).
 */
final class ClientStreamModule implements Module {
  @Override
  public String name() {
    return "client streams (XEP-0198, XEP-0077)";
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.STREAM_MANAGEMENT, Namespaces.REGISTER);
  }
}
