package io.switchboard.sharding.version;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import java.util.Set;

/** XEP-0092 software version of the server. */
public final class SoftwareVersion implements Module, ServerIqHandler {
  private final String version;

  public SoftwareVersion(String version) {
    this.version = version;
  }

  @Override
  public String name() {
    return "XEP-0092 software version";
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.VERSION);
  }

  @Override
  public XmlElement answer(XmlElement iq, XmlElement payload) {
    if (!"get".equals(iq.attr("type")) || !payload.name().equals("query")) {
      return Stanzas.errorReply(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE).orElseThrow();
    }
    return Stanzas.iqResult(iq, XmlElement.builder("query", Namespaces.VERSION)
        .textChild("name", "Switchboard")
        .textChild("version", version)
        .build());
  }
}
