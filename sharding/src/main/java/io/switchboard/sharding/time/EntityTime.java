package io.switchboard.sharding.time;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * XEP-0202 entity time of the server: its UTC time (XEP-0082 format) and its offset, which is
 * always {@code Z} (a cluster's nodes may sit in different zones; UTC is what they share).
 */
public final class EntityTime implements Module, ServerIqHandler {
  private final Clock clock;

  public EntityTime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "XEP-0202 entity time";
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.TIME);
  }

  @Override
  public XmlElement answer(XmlElement iq, XmlElement payload) {
    if (!"get".equals(iq.attr("type")) || !payload.name().equals("time")) {
      return Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST).orElseThrow();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return Stanzas.iqResult(iq, XmlElement.builder("time", Namespaces.TIME)
        .textChild("tzo", "Z")
        .textChild("utc", now.atOffset(ZoneOffset.UTC).toInstant().toString())
        .build());
  }
}
