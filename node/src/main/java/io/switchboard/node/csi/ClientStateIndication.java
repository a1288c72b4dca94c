package io.switchboard.node.csi;

import io.switchboard.node.stream.ClientSession;
import io.switchboard.node.stream.StreamExtension;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * XEP-0352 client state indication on the client streams: the {@code <csi/>} stream feature, and
 * the {@code <active/>} and {@code <inactive/>} nonzas. Inactive puts a {@link CsiQueue} between
 * the session and its socket; active writes what it holds, before the stream reads its next
 * element (§5.1, in-order processing), and removes it. The state belongs to the stream: it stays
 * through a re-attach to a restarted entity (the same stream), and a resumed stream starts active
 * (§5.2: CSI state is not restored by XEP-0198 resumption; what an inactive stream held when it
 * dropped is handed over with its unacknowledged stanzas and replayed on resumption).
 */
public final class ClientStateIndication implements StreamExtension {
  private final CsiSettings settings;
  private final CsiPolicy policy;

  public ClientStateIndication(CsiSettings settings) {
    this.settings = settings;
    this.policy = new CsiPolicy(settings);
  }

  /** The node's extensions for {@code settings}: this one when enabled, else none. */
  public static List<StreamExtension> of(CsiSettings settings) {
    return settings.enabled() ? List.of(new ClientStateIndication(settings)) : List.of();
  }

  @Override
  public List<XmlElement> features() {
    return List.of(XmlElement.of("csi", Namespaces.CSI));
  }

  @Override
  public boolean onNonza(ClientSession session, XmlElement nonza) {
    if (!Namespaces.CSI.equals(nonza.namespace())) {
      return false;
    }
    switch (nonza.name()) {
      case "inactive" -> {
        if (!(session.gate() instanceof CsiQueue)) {
          session.gate(new CsiQueue(policy, settings.maxQueued()));
        }
        return true;
      }
      case "active" -> {
        session.gate(null); // writes what was held first
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
