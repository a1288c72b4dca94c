package io.switchboard.protocol.disco;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/** XEP-0030 §4: a disco#items answer with its {@code <item jid [node] [name]/>} children. */
public record DiscoItems(String node, List<Item> items) {
  public static final String ELEMENT = "query";
  public static final String NAMESPACE = Namespaces.DISCO_ITEMS;

  /** One item. */
  public record Item(String jid, String node, String name) {}

  public DiscoItems {
    items = List.copyOf(items);
  }

  public static boolean isRequest(XmlElement payload) {
    return payload.is(ELEMENT, NAMESPACE);
  }

  public XmlElement toElement() {
    XmlElement.Builder q = XmlElement.builder(ELEMENT, NAMESPACE).attr("node", node);
    for (Item i : items) {
      q.child(XmlElement.builder("item", NAMESPACE).attr("jid", i.jid()).attr("node", i.node()).attr("name", i.name()));
    }
    return q.build();
  }
}
