package io.switchboard.protocol.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0421: {@code <occupant-id xmlns='urn:xmpp:occupant-id:0' id='...'/>}, the room's stable,
 * opaque id of an occupant's real bare JID, in every presence and message the room sends from it.
 */
public record OccupantId(String id) {
  public static final String ELEMENT = "occupant-id";
  public static final String NAMESPACE = Namespaces.OCCUPANT_ID;

  public static Optional<OccupantId> parse(XmlElement e) {
    return e.is(ELEMENT, NAMESPACE) && e.attr("id") != null ? Optional.of(new OccupantId(e.attr("id")))
        : Optional.empty();
  }

  /** The occupant id of {@code stanza}, if it carries one. */
  public static Optional<OccupantId> in(XmlElement stanza) {
    return stanza.child(ELEMENT, NAMESPACE).flatMap(OccupantId::parse);
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("id", id).build();
  }
}
