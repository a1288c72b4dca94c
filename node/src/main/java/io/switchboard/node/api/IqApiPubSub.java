package io.switchboard.node.api;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * {@link ApiPubSub} over any XEP-0060 service that takes IQs (such as the node's pub-sub service,
 * a {@link ServerHandler}): a publish is the XEP-0060 §7.1.1 request from {@code publisher} to
 * {@code service}, and its answer decides the result — a result IQ is {@link
 * PublishResult.Published} (with the id the service reports, §7.1.2, or the one asked for),
 * {@code item-not-found} is {@link PublishResult.NodeNotFound}, {@code forbidden} {@link
 * PublishResult.Forbidden}, any other error {@link PublishResult.Rejected}. Over a
 * {@link ServerHandler}, whatever else the service sends through the reply path goes on to the
 * router.
 */
public final class IqApiPubSub implements ApiPubSub {
  private final Jid publisher;
  private final DomainBareJid service;
  private final Function<XmlElement, CompletionStage<XmlElement>> ask;

  /**
   * Over a service that answers an IQ with its reply without routing it (such as
   * {@code PubSubService::ask}). The node runs the API with the server's domain as {@code
   * publisher}: the pub-sub service lets it publish into nodes whose access model is open, and
   * into others only where their owner made it a publisher (issue #23 F17).
   */
  public IqApiPubSub(Jid publisher, DomainBareJid service, Function<XmlElement, CompletionStage<XmlElement>> ask) {
    this.publisher = publisher;
    this.service = service;
    this.ask = ask;
  }

  /** Over a {@link ServerHandler} that answers through its reply path. */
  public IqApiPubSub(Jid publisher, DomainBareJid service, ServerHandler handler, StanzaRouting router) {
    this(publisher, service, iq -> {
      CompletableFuture<XmlElement> answer = new CompletableFuture<>();
      handler.handle(iq, reply -> {
        if (reply.name().equals("iq") && iq.attr("id").equals(reply.attr("id"))) {
          answer.complete(reply);
        } else {
          router.route(reply);
        }
      });
      return answer;
    });
  }

  /** The pub-sub service's JID. */
  DomainBareJid service() {
    return service;
  }

  /** How IQs reach the service (the node operations of the API use it too). */
  Function<XmlElement, CompletionStage<XmlElement>> asker() {
    return ask;
  }

  @Override
  public CompletionStage<PublishResult> publish(String node, XmlElement payload, Optional<String> itemId) {
    String id = "api-" + UUID.randomUUID();
    XmlElement.Builder item = XmlElement.builder("item", Namespaces.PUBSUB).child(payload);
    itemId.ifPresent(i -> item.attr("id", i));
    XmlElement iq = XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", "set").attr("id", id)
        .attr("from", publisher.toString()).attr("to", service.toString())
        .child(XmlElement.builder("pubsub", Namespaces.PUBSUB)
            .child(XmlElement.builder("publish", Namespaces.PUBSUB).attr("node", node).child(item)))
        .build();
    return ask.apply(iq).thenApply(reply -> outcome(reply, itemId));
  }

  private static PublishResult outcome(XmlElement reply, Optional<String> asked) {
    if ("result".equals(reply.attr("type"))) {
      Optional<String> reported = reply.child("pubsub", Namespaces.PUBSUB)
          .flatMap(p -> p.child("publish", Namespaces.PUBSUB))
          .flatMap(p -> p.child("item", Namespaces.PUBSUB))
          .flatMap(i -> i.attribute("id"));
      return new PublishResult.Published(reported.or(() -> asked).orElse(""));
    }
    String condition = reply.elements().stream()
        .filter(e -> e.name().equals("error"))
        .flatMap(e -> e.elements().stream())
        .filter(c -> Namespaces.STANZA_ERRORS.equals(c.namespace()) && !c.name().equals("text"))
        .map(XmlElement::name)
        .findFirst().orElse("undefined-condition");
    return switch (condition) {
      case "item-not-found" -> PublishResult.NodeNotFound.INSTANCE;
      case "forbidden" -> PublishResult.Forbidden.INSTANCE;
      default -> new PublishResult.Rejected(condition);
    };
  }
}
