package io.switchboard.sharding.ping;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import java.util.Set;

/** XEP-0199: the server answers pings to its domain. */
public final class Ping implements Module, ServerIqHandler {

  @Override
  public String name() {
    return "XEP-0199 ping";
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PING);
  }

  @Override
  public XmlElement answer(XmlElement iq, XmlElement payload) {
    if (!"get".equals(iq.attr("type")) || !payload.name().equals("ping")) {
      return Stanzas.errorReply(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE).orElseThrow();
    }
    return Stanzas.iqResult(iq);
  }
}
