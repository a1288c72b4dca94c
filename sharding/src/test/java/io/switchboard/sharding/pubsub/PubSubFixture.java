package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.jxmpp.jid.FullJid;

/** A service over locally spawned entities, with recording routing and fake ports. */
final class PubSubFixture {
  static final String SERVICE = "pubsub.example.com";
  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  final QueueRouting notifications = new QueueRouting();
  final QueueRouting replies = new QueueRouting();
  final Map<String, Relation> relations = new ConcurrentHashMap<>();
  final Map<String, Set<FullJid>> audience = new ConcurrentHashMap<>();
  final LocalGateway gateway;
  final PubSubService service;

  PubSubFixture(ActorTestKit kit, PubSubSettings settings) {
    this(kit, settings, io.switchboard.sharding.quota.AccountQuotas.DEFAULTS);
  }

  PubSubFixture(ActorTestKit kit, PubSubSettings settings, io.switchboard.sharding.quota.AccountQuotas quotas) {
    gateway = new LocalGateway(kit, settings);
    gateway.deps(new PubSubNode.Deps(notifications,
        (owner, requester) -> CompletableFuture.completedFuture(
            relations.getOrDefault(owner + " " + requester, Relation.NONE)),
        (owner, node) -> CompletableFuture.completedFuture(
            audience.getOrDefault(owner + " " + node, Set.of())),
        Clock.fixed(NOW, ZoneOffset.UTC),
        jid -> jid.toString().equals("admin@example.com"),
        gateway, io.switchboard.sharding.feed.FeedAttachments.NONE, quotas));
    service = new PubSubService(gateway, settings, quotas);
  }

  /** Sends an IQ to the service and returns its answer. */
  XmlElement iq(String from, String type, XmlElement payload) {
    return iqTo(SERVICE, from, type, payload);
  }

  XmlElement iqTo(String to, String from, String type, XmlElement payload) {
    XmlElement iq = XmlElement.builder("iq", "jabber:client").attr("from", from).attr("to", to)
        .attr("type", type).attr("id", "q" + System.nanoTime()).child(payload).build();
    if (to.indexOf('@') >= 0) {
      service.handlePep(io.switchboard.protocol.jid.Jids.bare(to), iq, replies);
    } else {
      service.handle(iq, replies);
    }
    XmlElement reply = replies.next();
    if (!iq.attr("id").equals(reply.attr("id"))) {
      throw new AssertionError("reply to another request: " + reply);
    }
    return reply;
  }

  // Payload builders ----------------------------------------------------------------------------

  static XmlElement pubsub(XmlElement... children) {
    return XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB).children(List.of(children)).build();
  }

  static XmlElement owner(XmlElement... children) {
    return XmlElement.builder("pubsub", PubSubNamespaces.OWNER).children(List.of(children)).build();
  }

  static XmlElement el(String name, String ns, String... attrs) {
    XmlElement.Builder b = XmlElement.builder(name, ns);
    for (int i = 0; i < attrs.length; i += 2) {
      b.attr(attrs[i], attrs[i + 1]);
    }
    return b.build();
  }

  static XmlElement ps(String name, String... attrs) {
    return el(name, PubSubNamespaces.PUBSUB, attrs);
  }

  static XmlElement entry(String text) {
    return XmlElement.builder("entry", "http://www.w3.org/2005/Atom").textChild("title", text)
        .build();
  }

  static XmlElement publish(String node, String id, XmlElement payload) {
    XmlElement.Builder item = XmlElement.builder("item", PubSubNamespaces.PUBSUB).attr("id", id);
    if (payload != null) {
      item.child(payload);
    }
    return pubsub(XmlElement.builder("publish", PubSubNamespaces.PUBSUB).attr("node", node)
        .child(item).build());
  }

  static XmlElement form(String type, String formType, String... varValues) {
    DataForm.Builder f = DataForm.builder(type, formType);
    for (int i = 0; i < varValues.length; i += 2) {
      f.field(varValues[i], null, null, List.of(varValues[i + 1]));
    }
    return f.build();
  }

  static XmlElement configForm(String... varValues) {
    return form("submit", PubSubNamespaces.NODE_CONFIG, varValues);
  }

  // Answer inspection ---------------------------------------------------------------------------

  static String condition(XmlElement stanza) {
    return io.switchboard.sharding.testing.Xml.errorCondition(stanza);
  }

  /** The pubsub#errors condition, or null. */
  static String pubsubCondition(XmlElement stanza) {
    return stanza.child("error", stanza.namespace())
        .flatMap(e -> e.elements().stream()
            .filter(c -> c.namespace().equals(PubSubNamespaces.ERRORS)).findFirst())
        .map(XmlElement::name).orElse(null);
  }

  static String errorType(XmlElement stanza) {
    return stanza.child("error", stanza.namespace()).map(e -> e.attr("type")).orElse(null);
  }

  /** Item ids in an items result, in order. */
  static List<String> itemIds(XmlElement result) {
    return result.child("pubsub", PubSubNamespaces.PUBSUB).orElseThrow()
        .child("items", PubSubNamespaces.PUBSUB).orElseThrow()
        .elements("item", PubSubNamespaces.PUBSUB).stream().map(i -> i.attr("id")).toList();
  }

  /** The #event child of a notification message. */
  static XmlElement event(XmlElement message) {
    return message.child("event", PubSubNamespaces.EVENT).orElseThrow(
        () -> new AssertionError("not an event notification: " + message)).firstElement()
        .orElseThrow();
  }
}
