package io.switchboard.sharding.push;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.Objects;

/**
 * One XEP-0357 registration: the app server's push service and node to publish to, the publish
 * options to pass on (a {@code pubsub#publish-options} form, or null), the resource that enabled
 * it (its session decides when a push is due), and whether the client allowed message bodies in
 * the summary.
 */
public record PushRegistration(String jid, String node, XmlElement publishOptions, String resource,
    boolean includeBody) implements CborSerializable {

  public PushRegistration {
    Objects.requireNonNull(jid, "jid");
    node = node == null ? "" : node;
  }

  /** XEP-0357 §5: a registration is identified by its service and node. */
  public boolean sameTarget(String otherJid, String otherNode) {
    return jid.equals(otherJid) && node.equals(otherNode == null ? "" : otherNode);
  }
}
