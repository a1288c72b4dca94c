package io.switchboard.node.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas travel between streams of different content namespaces (jabber:client, jabber:server,
 * jabber:component:accept, or built with none). Before a stanza is written to a client, the
 * stanza element and every descendant in one of those namespaces move to jabber:client, so the
 * client sees no stray xmlns declarations. Returns the same instance when nothing changes.
 */
final class ClientNamespace {
  private ClientNamespace() {}

  static XmlElement toClient(XmlElement e) {
    if (!needsChange(e)) {
      return e;
    }
    String ns = isContent(e.namespace()) ? Namespaces.JABBER_CLIENT : e.namespace();
    List<XmlNode> children = new ArrayList<>(e.children().size());
    for (XmlNode n : e.children()) {
      children.add(n instanceof XmlElement c ? toClient(c) : n);
    }
    return new XmlElement(e.name(), ns, e.attributes(), children);
  }

  private static boolean needsChange(XmlElement e) {
    if (isContent(e.namespace()) && !Namespaces.JABBER_CLIENT.equals(e.namespace())) {
      return true;
    }
    for (XmlNode n : e.children()) {
      if (n instanceof XmlElement c && needsChange(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isContent(String ns) {
    return ns.isEmpty()
        || Namespaces.JABBER_CLIENT.equals(ns)
        || Namespaces.JABBER_SERVER.equals(ns)
        || Namespaces.COMPONENT_ACCEPT.equals(ns);
  }
}
