package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;

/**
 * The routing the pub-sub nodes (XEP-0060 at the service, and PEP) send through, counting each
 * message they route: event notifications (publish, retract, purge, delete, configuration),
 * last items sent on subscription or presence, and authorization forms to owners. The nodes use
 * it for nothing else (their IQ answers go back through the request's own replies). One counter
 * increment per message, nothing looked up.
 */
final class NotificationCounter implements StanzaRouting {
  private final StanzaRouting routing;
  private final Counter sent;

  NotificationCounter(StanzaRouting routing, MeterRegistry registry) {
    this.routing = routing;
    this.sent = Counter.builder("switchboard.pubsub.notifications")
        .description("Messages pub-sub and PEP nodes routed to subscribers and contacts (XEP-0060 notifications)")
        .register(registry);
  }

  @Override
  public void route(XmlElement stanza) {
    sent.increment();
    routing.route(stanza);
  }

  @Override
  public void route(XmlElement stanza, Receipt receipt) {
    sent.increment();
    routing.route(stanza, receipt);
  }
}
