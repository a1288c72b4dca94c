package io.switchboard.sharding.testing;

import io.switchboard.protocol.xml.XmlElement;

/** Terse stanza builders for tests. */
public final class Xml {
  public static final String CLIENT = "jabber:client";

  private Xml() {}

  public static XmlElement message(String from, String to, String type, String body) {
    XmlElement.Builder b = XmlElement.builder("message", CLIENT).attr("from", from).attr("to", to)
        .attr("type", type).attr("id", "m1");
    if (body != null) {
      b.textChild("body", body);
    }
    return b.build();
  }

  public static XmlElement presence(String from, String to, String type) {
    return XmlElement.builder("presence", CLIENT).attr("from", from).attr("to", to)
        .attr("type", type).build();
  }

  public static XmlElement available(String from, int priority) {
    return XmlElement.builder("presence", CLIENT).attr("from", from)
        .textChild("priority", String.valueOf(priority)).build();
  }

  public static XmlElement iq(String from, String to, String type, String id, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", CLIENT).attr("from", from).attr("to", to)
        .attr("type", type).attr("id", id);
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  public static XmlElement rosterItem(String jid, String name, String... groups) {
    XmlElement.Builder item = XmlElement.builder("item", "jabber:iq:roster").attr("jid", jid)
        .attr("name", name);
    for (String g : groups) {
      item.textChild("group", g);
    }
    return XmlElement.builder("query", "jabber:iq:roster").child(item).build();
  }

  /** The stanza error condition element name, or null. */
  public static String errorCondition(XmlElement stanza) {
    return stanza.child("error", stanza.namespace())
        .flatMap(e -> e.elements().stream()
            .filter(c -> c.namespace().equals("urn:ietf:params:xml:ns:xmpp-stanzas"))
            .findFirst())
        .map(XmlElement::name)
        .orElse(null);
  }
}
