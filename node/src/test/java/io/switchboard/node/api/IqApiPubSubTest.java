package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IqApiPubSubTest {
  private static final XmlElement PAYLOAD = XmlElement.builder("json", "urn:xmpp:json:0").text("{}").build();
  private final List<XmlElement> requests = new ArrayList<>();
  private final List<XmlElement> routed = new ArrayList<>();

  private IqApiPubSub service(ServerHandler answer) {
    return new IqApiPubSub(Jids.domain("example.com"), Jids.domain("pubsub.example.com"),
        (iq, replies) -> {
          requests.add(iq);
          answer.handle(iq, replies);
        }, routed::add);
  }

  private static XmlElement reply(XmlElement iq, String type) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", type).attr("id", iq.attr("id"))
        .attr("from", iq.attr("to")).attr("to", iq.attr("from")).build();
  }

  private static XmlElement error(XmlElement iq, String condition) {
    return reply(iq, "error").withChild(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
        .child(XmlElement.of(condition, Namespaces.STANZA_ERRORS))
        .child(XmlElement.of("unsupported", Namespaces.PUBSUB_ERRORS)).build());
  }

  private PublishResult publish(ServerHandler answer, Optional<String> id) {
    return service(answer).publish("feeds", PAYLOAD, id).toCompletableFuture().join();
  }

  @Test
  void publish_sendsXep0060PublishFromThePublisher() {
    publish((iq, r) -> r.route(reply(iq, "result")), Optional.of("i1"));

    XmlElement iq = requests.get(0);
    assertThat(iq.attr("type")).isEqualTo("set");
    assertThat(iq.attr("from")).isEqualTo("example.com");
    assertThat(iq.attr("to")).isEqualTo("pubsub.example.com");
    XmlElement item = iq.child("pubsub", Namespaces.PUBSUB).flatMap(p -> p.child("publish", Namespaces.PUBSUB))
        .filter(p -> p.attr("node").equals("feeds")).flatMap(p -> p.child("item", Namespaces.PUBSUB)).orElseThrow();
    assertThat(item.attr("id")).isEqualTo("i1");
    assertThat(item.elements()).containsExactly(PAYLOAD);
  }

  @Test
  void publish_resultWithReportedId_publishedWithThatId() {
    PublishResult r = publish((iq, replies) -> replies.route(reply(iq, "result").withChild(
        XmlElement.builder("pubsub", Namespaces.PUBSUB).child(XmlElement.builder("publish", Namespaces.PUBSUB)
            .attr("node", "feeds").child(XmlElement.builder("item", Namespaces.PUBSUB).attr("id", "srv-7"))).build())),
        Optional.empty());
    assertThat(r).isEqualTo(new PublishResult.Published("srv-7"));
  }

  @Test
  void publish_bareResult_publishedWithTheAskedId() {
    assertThat(publish((iq, r) -> r.route(reply(iq, "result")), Optional.of("mine")))
        .isEqualTo(new PublishResult.Published("mine"));
  }

  @Test
  void publish_errors_mapToResults() {
    assertThat(publish((iq, r) -> r.route(error(iq, "item-not-found")), Optional.empty()))
        .isEqualTo(PublishResult.NodeNotFound.INSTANCE);
    assertThat(publish((iq, r) -> r.route(error(iq, "forbidden")), Optional.empty()))
        .isEqualTo(PublishResult.Forbidden.INSTANCE);
    assertThat(publish((iq, r) -> r.route(error(iq, "not-acceptable")), Optional.empty()))
        .isEqualTo(new PublishResult.Rejected("not-acceptable"));
  }

  @Test
  void publish_overAnAskingService_mapsItsAnswer() {
    IqApiPubSub asking = new IqApiPubSub(Jids.domain("pubsub.example.com"), Jids.domain("pubsub.example.com"),
        iq -> java.util.concurrent.CompletableFuture.completedFuture(error(iq, "item-not-found")));
    assertThat(asking.publish("gone", PAYLOAD, Optional.empty()).toCompletableFuture().join())
        .isEqualTo(PublishResult.NodeNotFound.INSTANCE);
  }

  @Test
  void publish_otherStanzasOnTheReplyPath_goToTheRouter() {
    XmlElement notification = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("to", "a@example.com").build();
    publish((iq, r) -> {
      r.route(notification);
      r.route(reply(iq, "result"));
    }, Optional.empty());
    assertThat(routed).containsExactly(notification);
  }
}
