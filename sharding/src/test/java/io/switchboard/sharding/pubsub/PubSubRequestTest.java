package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.el;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class PubSubRequestTest {
  private static XmlElement iq(String type, XmlElement payload) {
    return XmlElement.builder("iq", "jabber:client").attr("type", type).attr("id", "1")
        .child(payload).build();
  }

  @Test
  void parse_subscribeWithOptionsFirst_findsTheAction() {
    XmlElement p = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .child(XmlElement.builder("options", PubSubNamespaces.PUBSUB)
            .child(PubSubFixture.form("submit", PubSubNamespaces.SUBSCRIBE_OPTIONS,
                "pubsub#deliver", "0")))
        .child(ps("subscribe", "node", "n", "jid", "a@b/c"))
        .build();
    PubSubRequest r = PubSubRequest.parse(iq("set", p));
    assertThat(r).isInstanceOfSatisfying(PubSubRequest.Subscribe.class, s -> {
      assertThat(s.node()).isEqualTo("n");
      assertThat(s.options().value("pubsub#deliver")).isEqualTo("0");
    });
  }

  @Test
  void parse_wrongIqType_badRequest() {
    assertThat(PubSubRequest.parse(iq("get", pubsub(ps("publish", "node", "n")))))
        .isEqualTo(new PubSubRequest.Invalid("n", PubSubError.BAD_REQUEST));
    assertThat(PubSubRequest.parse(iq("set", pubsub(ps("items", "node", "n")))))
        .isEqualTo(new PubSubRequest.Invalid("n", PubSubError.BAD_REQUEST));
  }

  @Test
  void parse_missingNode_nodeidRequired() {
    assertThat(PubSubRequest.parse(iq("get", pubsub(ps("items")))))
        .isEqualTo(new PubSubRequest.Invalid(null, PubSubError.NODEID_REQUIRED));
  }

  @Test
  void parse_itemsWithRsmAndMaxItems() {
    XmlElement p = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .child(ps("items", "node", "n", "max_items", "5"))
        .child(XmlElement.builder("set", PubSubNamespaces.RSM).textChild("max", "2")
            .textChild("after", "x"))
        .build();
    PubSubRequest r = PubSubRequest.parse(iq("get", p));
    assertThat(r).isEqualTo(new PubSubRequest.Items("n", java.util.List.of(), 5,
        new PubSubRequest.Rsm(2, "x", null, null)));
    assertThat(PubSubRequest.parse(iq("get", pubsub(ps("items", "node", "n",
        "max_items", "zero"))))).isInstanceOf(PubSubRequest.Invalid.class);
  }

  @Test
  void parse_otherNamespace_serviceUnavailable() {
    PubSubRequest r = PubSubRequest.parse(iq("get", el("query", "jabber:iq:version")));
    assertThat(r).isInstanceOfSatisfying(PubSubRequest.Invalid.class,
        i -> assertThat(i.error().condition()).isEqualTo(StanzaErrorCondition.SERVICE_UNAVAILABLE));
  }
}
