package io.switchboard.node.s2s;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas inside the cluster are in jabber:client; on an s2s stream in jabber:server (RFC 6120
 * §4.8.3). The stanza and every descendant in a content namespace move; other namespaces stay.
 */
final class S2sNamespace {
  private S2sNamespace() {}

  static XmlElement toServer(XmlElement e) {
    return move(e, Namespaces.JABBER_SERVER);
  }

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
    return ns.isEmpty() || Namespaces.JABBER_CLIENT.equals(ns) || Namespaces.JABBER_SERVER.equals(ns);
  }

  static boolean isStanza(XmlElement e) {
    return isContent(e.namespace())
        && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"));
  }
}
