package io.switchboard.sharding.caps;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * The XEP-0115 {@code <c/>} of a presence: the software's {@code node}, the verification string
 * {@code ver} and its {@code hash} function. Presences without a hash (the legacy format) name
 * no verifiable capabilities and are ignored.
 */
public record CapsRef(String node, String ver, String hash) {
  public static final String NS = "http://jabber.org/protocol/caps";

  public static Optional<CapsRef> of(XmlElement presence) {
    return presence.child("c", NS)
        .filter(c -> c.attr("node") != null && c.attr("ver") != null && c.attr("hash") != null)
        .map(c -> new CapsRef(c.attr("node"), c.attr("ver"), c.attr("hash")));
  }

  /** The disco#info node to ask (XEP-0115 §6.2). */
  public String discoNode() {
    return node + "#" + ver;
  }
}
