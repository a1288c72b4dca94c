package io.switchboard.sharding.roster;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.Namespaces;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.BareJid;

/** The jabber:iq:roster XML of RFC 6121 §2.1: items out, names and groups in. */
public final class RosterXml {
  private RosterXml() {}

  public static XmlElement query(RosterState state, boolean withVersion) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.ROSTER);
    if (withVersion) {
      q.attr("ver", String.valueOf(state.version()));
    }
    for (RosterItem item : state.items().values()) {
      q.child(item(item));
    }
    return q.build();
  }

  static XmlElement item(RosterItem item) {
    XmlElement.Builder b = XmlElement.builder("item", Namespaces.ROSTER)
        .attr("jid", item.jid().toString())
        .attr("name", item.name())
        .attr("subscription", item.subscription().xml());
    if (item.pendingOut()) {
      b.attr("ask", "subscribe");
    }
    for (String group : item.groups()) {
      b.textChild("group", group);
    }
    return b.build();
  }

  static XmlElement removedItem(BareJid jid) {
    return XmlElement.builder("item", Namespaces.ROSTER)
        .attr("jid", jid.toString())
        .attr("subscription", "remove")
        .build();
  }

  static List<String> groups(XmlElement item) {
    Set<String> out = new LinkedHashSet<>();
    for (XmlElement g : item.elements("group", Namespaces.ROSTER)) {
      out.add(g.text());
    }
    return new ArrayList<>(out);
  }

  /** RFC 6121 §2.3.3: duplicate groups → bad-request, an empty group name → not-acceptable. */
  static String validateGroups(XmlElement item) {
    Set<String> seen = new LinkedHashSet<>();
    for (XmlElement g : item.elements("group", Namespaces.ROSTER)) {
      if (g.text().isEmpty()) {
        return "not-acceptable";
      }
      if (!seen.add(g.text())) {
        return "bad-request";
      }
    }
    return null;
  }
}
