package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationCounterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> routed = new ArrayList<>();
  private final List<Receipt> handedOn = new ArrayList<>();

  /** Records the stanzas, and the receipts it was handed (a router that passes them along). */
  private final StanzaRouting router = new StanzaRouting() {
    @Override
    public void route(XmlElement stanza) {
      routed.add(stanza.attr("to"));
    }

    @Override
    public void route(XmlElement stanza, Receipt receipt) {
      routed.add(stanza.attr("to"));
      handedOn.add(receipt);
    }
  };

  @Test
  void route_eachMessageCountedOnceAndPassedOnWithItsReceipt() {
    StanzaRouting counted = new NotificationCounter(router, registry);
    counted.route(XmlElement.of("message", "jabber:client").withAttribute("to", "amy@example.com"));
    counted.route(XmlElement.of("message", "jabber:client").withAttribute("to", "ben@example.com"), null);
    assertThat(routed).containsExactly("amy@example.com", "ben@example.com");
    assertThat(handedOn).hasSize(1);
    assertThat(registry.get("switchboard.pubsub.notifications").counter().count()).isEqualTo(2);
  }
}
