package io.switchboard.protocol.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0359: {@code <stanza-id xmlns='urn:xmpp:sid:0' id by/>}, the archive id a room (or an
 * account's archive) gave a message, and {@code <origin-id id/>}, the sender's own stable id.
 */
public record StanzaId(String id, String by) {
  public static final String ELEMENT = "stanza-id";
  public static final String ORIGIN_ELEMENT = "origin-id";
  public static final String NAMESPACE = Namespaces.SID;

  public static Optional<StanzaId> parse(XmlElement e) {
    return e.is(ELEMENT, NAMESPACE) && e.attr("id") != null
        ? Optional.of(new StanzaId(e.attr("id"), e.attr("by")))
        : Optional.empty();
  }

  /** The {@code <origin-id/>} the sender put in {@code stanza}, if any. */
  public static Optional<String> originId(XmlElement stanza) {
    return stanza.child(ORIGIN_ELEMENT, NAMESPACE).map(e -> e.attr("id"));
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("id", id).attr("by", by).build();
  }
}
