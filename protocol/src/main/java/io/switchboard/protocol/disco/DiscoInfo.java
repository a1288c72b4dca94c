package io.switchboard.protocol.disco;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * XEP-0030 §3.1: a disco#info answer, {@code <query xmlns='...#info' [node]>} with identities and
 * features in the order given (callers sort features where they want a stable order).
 */
public record DiscoInfo(String node, List<Identity> identities, List<String> features) {
  public static final String ELEMENT = "query";
  public static final String NAMESPACE = Namespaces.DISCO_INFO;

  public DiscoInfo {
    identities = List.copyOf(identities);
    features = List.copyOf(features);
  }

  public static boolean isRequest(XmlElement payload) {
    return payload.is(ELEMENT, NAMESPACE);
  }

  public XmlElement toElement() {
    XmlElement.Builder q = XmlElement.builder(ELEMENT, NAMESPACE).attr("node", node);
    identities.forEach(i -> q.child(i.toElement()));
    features.forEach(f -> q.child(XmlElement.builder("feature", NAMESPACE).attr("var", f)));
    return q.build();
  }
}
