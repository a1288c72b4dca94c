package io.switchboard.protocol.stanza;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/** The three stanza kinds of RFC 6120 §8. */
public enum StanzaKind {
  MESSAGE("message"),
  PRESENCE("presence"),
  IQ("iq");

  private final String elementName;

  StanzaKind(String elementName) {
    this.elementName = elementName;
  }

  public String elementName() {
    return elementName;
  }

  /**
   * The kind of a first-level element, if it is a stanza: one of the three names in a content
   * namespace (jabber:client, jabber:server or jabber:component:accept).
   */
  public static Optional<StanzaKind> of(XmlElement element) {
    String ns = element.namespace();
    if (!ns.equals(Namespaces.JABBER_CLIENT) && !ns.equals(Namespaces.JABBER_SERVER)
        && !ns.equals(Namespaces.COMPONENT_ACCEPT)) {
      return Optional.empty();
    }
    return switch (element.name()) {
      case "message" -> Optional.of(MESSAGE);
      case "presence" -> Optional.of(PRESENCE);
      case "iq" -> Optional.of(IQ);
      default -> Optional.empty();
    };
  }
}
