package io.switchboard.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class StanzasTest {
  private static final XmlElement IQ = XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
      .attr("type", "get").attr("id", "q1").attr("from", "juliet@example.com/balcony").attr("to", "example.com")
      .child(XmlElement.of("query", Namespaces.VERSION))
      .build();

  @Test
  void accessors_parseAddressesAndAttributes() {
    assertThat(Stanzas.id(IQ)).contains("q1");
    assertThat(Stanzas.type(IQ)).contains("get");
    assertThat(Stanzas.from(IQ)).contains(Jids.of("juliet@example.com/balcony"));
    assertThat(Stanzas.to(IQ)).contains(Jids.of("example.com"));
    assertThat(Stanzas.hasMalformedAddress(IQ)).isFalse();
  }

  @Test
  void accessors_malformedAddress_emptyAndFlagged() {
    XmlElement bad = IQ.withAttribute("to", "a@b@c");
    assertThat(Stanzas.to(bad)).isEmpty();
    assertThat(Stanzas.hasMalformedAddress(bad)).isTrue();
    assertThat(Stanzas.hasMalformedAddress(IQ.withoutAttribute("to"))).isFalse();
  }

  @Test
  void errorReply_iq_swapsAddressesKeepsIdAndAddsError() {
    XmlElement reply = Stanzas.errorReply(IQ, StanzaErrorCondition.SERVICE_UNAVAILABLE).orElseThrow();
    assertThat(reply.toXml()).isEqualTo("<iq xmlns=\"jabber:client\" type=\"error\" id=\"q1\" from=\"example.com\" "
        + "to=\"juliet@example.com/balcony\"><error type=\"cancel\"><service-unavailable "
        + "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error></iq>");
  }

  @Test
  void errorReply_includeOriginal_keepsChildrenBeforeError() {
    XmlElement reply = Stanzas.errorReply(IQ, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "why"), true)
        .orElseThrow();
    assertThat(reply.elements()).extracting(XmlElement::name).containsExactly("query", "error");
    assertThat(StanzaError.fromStanza(reply)).hasValueSatisfying(e -> {
      assertThat(e.condition()).isEqualTo(StanzaErrorCondition.BAD_REQUEST);
      assertThat(e.type()).isEqualTo(StanzaErrorType.MODIFY);
      assertThat(e.text()).isEqualTo("why");
    });
  }

  @Test
  void errorReply_toAnError_isEmpty() {
    assertThat(Stanzas.errorReply(IQ.withAttribute("type", "error"), StanzaErrorCondition.BAD_REQUEST)).isEmpty();
  }

  @Test
  void errorReply_messageWithoutAddresses_hasNone() {
    XmlElement message = XmlElement.builder("message", Namespaces.JABBER_CLIENT).textChild("body", "hi").build();
    XmlElement reply = Stanzas.errorReply(message, StanzaErrorCondition.NOT_ACCEPTABLE).orElseThrow();
    assertThat(reply.attributes()).containsOnlyKeys("type");
    assertThat(reply.elements()).extracting(XmlElement::name).containsExactly("error");
  }

  @Test
  void iqResult_swapsAddressesAndCarriesPayload() {
    XmlElement result = Stanzas.iqResult(IQ, XmlElement.of("query", Namespaces.VERSION));
    assertThat(result.attributes()).containsEntry("type", "result").containsEntry("id", "q1")
        .containsEntry("from", "example.com").containsEntry("to", "juliet@example.com/balcony");
    assertThat(result.child("query", Namespaces.VERSION)).isPresent();
    assertThat(Stanzas.iqResult(IQ).children()).isEmpty();
  }

  @Test
  void withFrom_stampsAddress() {
    assertThat(Stanzas.withFrom(IQ, Jids.of("romeo@example.net/x")).attr("from")).isEqualTo("romeo@example.net/x");
    assertThat(Stanzas.withTo(IQ, Jids.of("example.net")).attr("to")).isEqualTo("example.net");
  }

  @Test
  void kind_byNameAndContentNamespace() {
    assertThat(StanzaKind.of(IQ)).contains(StanzaKind.IQ);
    assertThat(StanzaKind.of(XmlElement.of("message", Namespaces.JABBER_SERVER))).contains(StanzaKind.MESSAGE);
    assertThat(StanzaKind.of(XmlElement.of("presence", Namespaces.COMPONENT_ACCEPT))).contains(StanzaKind.PRESENCE);
    assertThat(StanzaKind.of(XmlElement.of("message", "urn:other"))).isEmpty();
    assertThat(StanzaKind.of(XmlElement.of("enable", Namespaces.JABBER_CLIENT))).isEmpty();
  }

  @Test
  void types_parseWithRfcDefaults() {
    assertThat(MessageType.fromWireName(null)).isEqualTo(MessageType.NORMAL);
    assertThat(MessageType.fromWireName("bogus")).isEqualTo(MessageType.NORMAL);
    assertThat(MessageType.fromWireName("groupchat")).isEqualTo(MessageType.GROUPCHAT);
    assertThat(PresenceType.fromWireName(null)).contains(PresenceType.AVAILABLE);
    assertThat(PresenceType.fromWireName("available")).isEmpty();
    assertThat(PresenceType.fromWireName("unsubscribed")).contains(PresenceType.UNSUBSCRIBED);
    assertThat(PresenceType.AVAILABLE.wireName()).isNull();
    assertThat(PresenceType.SUBSCRIBE.isSubscription()).isTrue();
    assertThat(PresenceType.PROBE.isSubscription()).isFalse();
    assertThat(IqType.of(IQ)).contains(IqType.GET);
    assertThat(IqType.fromWireName(null)).isEmpty();
    assertThat(IqType.fromWireName("GET")).isEmpty();
    assertThat(IqType.SET.isRequest()).isTrue();
    assertThat(IqType.RESULT.isRequest()).isFalse();
  }
}
