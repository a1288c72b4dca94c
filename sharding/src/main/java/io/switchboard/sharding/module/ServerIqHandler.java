package io.switchboard.sharding.module;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Set;

/**
 * Answers IQ requests addressed to the server's own domain (XEP-0030 disco, XEP-0092 version,
 * XEP-0199 ping, XEP-0202 time, XEP-0012 uptime...) for the payload namespaces it names. Must not
 * block: it runs on whatever thread routed the request.
 */
public interface ServerIqHandler {

  /** The payload namespaces this handler answers. */
  Set<String> namespaces();

  /** The disco#info features the server announces for it: by default its namespaces. */
  default List<String> features() {
    return List.copyOf(namespaces());
  }

  /**
   * The reply (an IQ result or error, addressed back to the sender) to {@code iq}, a get or set
   * whose first child is {@code payload}.
   */
  XmlElement answer(XmlElement iq, XmlElement payload);
}
