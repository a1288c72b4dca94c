package io.switchboard.protocol.sid;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * XEP-0359 unique and stable stanza IDs: the {@code <stanza-id id by/>} an archiving entity adds,
 * and the {@code <origin-id id/>} a sending client adds (which routing entities keep as it is).
 */
public final class StanzaIds {
  public static final String NAMESPACE = Namespaces.SID;
  public static final String STANZA_ID = "stanza-id";
  public static final String ORIGIN_ID = "origin-id";

  private StanzaIds() {}

  /** {@code <stanza-id xmlns='urn:xmpp:sid:0' id=... by=.../>}. */
  public static XmlElement stanzaId(String id, String by) {
    return XmlElement.builder(STANZA_ID, NAMESPACE).attr("id", id).attr("by", by).build();
  }

  /**
   * XEP-0359 §4 rule 2: {@code stanza} without any {@code <stanza-id/>} whose {@code by} is
   * {@code by} (a sender cannot plant an id in the recipient's archive). The same instance when
   * there is none.
   */
  public static XmlElement withoutStanzaIdsBy(XmlElement stanza, String by) {
    boolean found = false;
    for (XmlElement c : stanza.elements(STANZA_ID, NAMESPACE)) {
      if (by.equals(c.attr("by"))) {
        found = true;
        break;
      }
    }
    if (!found) {
      return stanza;
    }
    List<XmlNode> kept = new ArrayList<>(stanza.children().size());
    for (XmlNode n : stanza.children()) {
      if (!(n instanceof XmlElement e && e.is(STANZA_ID, NAMESPACE) && by.equals(e.attr("by")))) {
        kept.add(n);
      }
    }
    return stanza.withChildren(kept);
  }

  /** {@code stanza} with its stanza-ids by {@code by} replaced by one with {@code id}. */
  public static XmlElement stamped(XmlElement stanza, String id, String by) {
    return withoutStanzaIdsBy(stanza, by).withChild(stanzaId(id, by));
  }

  /** The id of the stanza-id {@code by} put on {@code stanza}, if any. */
  public static Optional<String> stanzaIdBy(XmlElement stanza, String by) {
    for (XmlElement c : stanza.elements(STANZA_ID, NAMESPACE)) {
      if (by.equals(c.attr("by")) && c.attr("id") != null) {
        return Optional.of(c.attr("id"));
      }
    }
    return Optional.empty();
  }

  /** The client's origin-id, if any. */
  public static Optional<String> originId(XmlElement stanza) {
    return stanza.child(ORIGIN_ID, NAMESPACE).map(e -> e.attr("id"));
  }
}
