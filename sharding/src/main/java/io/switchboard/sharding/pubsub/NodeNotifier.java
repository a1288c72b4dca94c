package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.NodeSubscription.State;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jxmpp.jid.EntityBareJid;

/**
 * Sends what a node tells others: event notifications to subscribers (and, PEP, the owner's
 * audience) through a {@link FanOut} worker, the last item to one JID, authorization requests to
 * owners and subscription state changes to subscribers (XEP-0060 §7, §8.6, §8.8.4).
 */
final class NodeNotifier {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeNotifier.class);
  private final String service;
  private final String node;
  private final EntityBareJid pepOwner;
  private final StanzaRouting routing;
  private final Consumer<Notification> fanOut;
  private final NodeAccess access;
  private final ItemPayloads payloads;

  NodeNotifier(String service, String node, EntityBareJid pepOwner, StanzaRouting routing,
      Consumer<Notification> fanOut, NodeAccess access, ItemPayloads payloads) {
    this.payloads = payloads;
    this.service = service;
    this.node = node;
    this.pepOwner = pepOwner;
    this.routing = routing;
    this.fanOut = fanOut;
    this.access = access;
  }

  /**
   * A notification: {@code message} (from set) to each of {@code recipients}, plus, on a PEP node
   * when {@code includePepAudience}, the owner's audience that {@code audienceFilter} accepts.
   */
  record Notification(List<XmlElement> messages, List<String> recipients, boolean includePepAudience,
      Function<Collection<String>, CompletionStage<List<String>>> audienceFilter) {}

  /** An event notification to every subscriber that wants it (and, PEP, the owner's audience). */
  void notifySubscribers(NodeState state, NodeConfig config, XmlElement eventChild) {
    notifySubscribers(state, config, List.of(eventChild));
  }

  /**
   * One notification per element of {@code eventChildren}, each subscriber getting them in that
   * order (one fan-out worker for all: items of one feed batch arrive oldest first).
   */
  void notifySubscribers(NodeState state, NodeConfig config, List<XmlElement> eventChildren) {
    List<String> recipients = new ArrayList<>();
    for (NodeSubscription s : state.subscriptions().values()) {
      if (s.state() == State.SUBSCRIBED && s.deliver()) {
        recipients.add(s.jid());
      }
    }
    List<XmlElement> messages = new ArrayList<>(eventChildren.size());
    for (XmlElement eventChild : eventChildren) {
      messages.add(NodeXml.eventMessage(service, config.notificationType(),
          UUID.randomUUID().toString(), eventChild));
    }
    fanOut.accept(new Notification(List.copyOf(messages), List.copyOf(recipients), pepOwner != null,
        audience -> access.visibleAudience(state, config, audience)));
  }

  /**
   * The last item to one JID, with an XEP-0203 delay (§6.1.7 / XEP-0163 §4.3.2). The newest items
   * are cached, so this reads the item store only when the last item is older than the cache (the
   * newer ones were retracted); nothing is sent (logged) if that read fails.
   */
  void sendLast(NodeState state, String to) {
    Item last = state.lastItem();
    if (last == null) {
      return;
    }
    NodeConfig c = state.config();
    if (!last.cached() && c.deliverPayloads()) {
      payloads.fill(List.of(last)).whenComplete((full, e) -> {
        if (e == null) {
          sendLast(c, full.get(0), to);
        } else {
          log.warn("{}/{}: last item to {} not sent, reading it failed: {}", service, node, to,
              e.toString());
        }
      });
      return;
    }
    sendLast(c, last, to);
  }

  private void sendLast(NodeConfig c, Item last, String to) {
    XmlElement message = NodeXml.eventMessage(service, c.notificationType(),
        UUID.randomUUID().toString(), NodeXml.itemsEvent(node, List.of(last), c.deliverPayloads()))
        .withAttribute("to", to);
    routing.route(DelayStamp.of(last.stamp(), service).addTo(message));
  }

  void askOwners(NodeState state, NodeSubscription sub) {
    List<String> owners = new ArrayList<>();
    if (pepOwner != null) {
      owners.add(pepOwner.toString());
    }
    state.affiliations().forEach((jid, a) -> {
      if (a == Affiliation.OWNER && !owners.contains(jid)) {
        owners.add(jid);
      }
    });
    for (String owner : owners) {
      routing.route(NodeXml.authorizationRequest(service, owner, node, sub,
          UUID.randomUUID().toString()));
    }
  }

  void tellSubscriber(NodeSubscription sub, String state) {
    routing.route(NodeXml.subscriptionMessage(service, sub.jid(), node, sub.jid(), state,
        sub.subid(), UUID.randomUUID().toString()));
  }
}
