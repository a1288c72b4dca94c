package io.switchboard.node.component;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas inside the cluster are in jabber:client; on a component stream they are in
 * jabber:component:accept (XEP-0114 §3). The stanza element and every descendant in a content
 * namespace (jabber:client, jabber:server, jabber:component:accept, or none) move to the target
 * namespace, so {@code <body/>} and {@code <error/>} move with their stanza. Other namespaces stay.
 */
final class ComponentNamespace {
  private ComponentNamespace() {}

  /** For the component's stream. */
  static XmlElement toComponent(XmlElement e) {
    return move(e, Namespaces.COMPONENT_ACCEPT);
  }

  /** For the cluster (the Router, entities, clients). */
  static XmlElement toCluster(XmlElement e) {
    return move(e, Namespaces.JABBER_CLIENT);
  }

  private static XmlElement move(XmlElement e, String target) {
    String ns = isContent(e.namespace()) ? target : e.namespace();
    List<XmlNode> children = new ArrayList<>(e.children().size());
    for (XmlNode n : e.children()) {
      children.add(n instanceof XmlElement c ? move(c, target) : n);
    }
    return new XmlElement(e.name(), ns, e.attributes(), children);
  }

  static boolean isContent(String ns) {
    return ns.isEmpty()
        || Namespaces.JABBER_CLIENT.equals(ns)
        || Namespaces.JABBER_SERVER.equals(ns)
        || Namespaces.COMPONENT_ACCEPT.equals(ns);
  }
}
