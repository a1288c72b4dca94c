package io.switchboard.protocol.forward;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0297 stanza forwarding: {@code <forwarded xmlns='urn:xmpp:forward:0'>}, an optional XEP-0203
 * delay, then the forwarded stanza itself (in {@code jabber:client}).
 */
public final class Forwarded {
  public static final String ELEMENT = "forwarded";
  public static final String NAMESPACE = Namespaces.FORWARD;

  private Forwarded() {}

  /** {@code stanza} forwarded, with {@code delay} first when not null. */
  public static XmlElement of(XmlElement stanza, DelayStamp delay) {
    XmlElement.Builder f = XmlElement.builder(ELEMENT, NAMESPACE);
    if (delay != null) {
      f.child(delay.toElement());
    }
    XmlElement inner = stanza.namespace().isEmpty()
        ? new XmlElement(stanza.name(), Namespaces.JABBER_CLIENT, stanza.attributes(), stanza.children())
        : stanza;
    return f.child(inner).build();
  }

  /** The stanza inside a {@code <forwarded/>}, if it is one and holds one. */
  public static Optional<XmlElement> stanzaOf(XmlElement forwarded) {
    if (!forwarded.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    for (XmlElement c : forwarded.elements()) {
      if (!c.is(DelayStamp.ELEMENT, DelayStamp.NAMESPACE)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
