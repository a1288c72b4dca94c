package io.switchboard.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class StanzaErrorTest {
  @Test
  void toElement_defaultTypeTextAndApplicationCondition() {
    StanzaError error = StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT, "offline quota")
        .withApplicationCondition(XmlElement.of("blocked", Namespaces.BLOCKING_ERRORS));
    assertThat(error.toElement().toXml()).isEqualTo("<error xmlns=\"jabber:client\" type=\"wait\">"
        + "<resource-constraint xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
        + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\" xml:lang=\"en\">offline quota</text>"
        + "<blocked xmlns=\"urn:xmpp:blocking:errors\"/></error>");
  }

  @Test
  void defaultTypes_followRfc6120Examples() {
    assertThat(StanzaErrorCondition.FORBIDDEN.defaultType()).isEqualTo(StanzaErrorType.AUTH);
    assertThat(StanzaErrorCondition.SERVICE_UNAVAILABLE.defaultType()).isEqualTo(StanzaErrorType.CANCEL);
    assertThat(StanzaErrorCondition.BAD_REQUEST.defaultType()).isEqualTo(StanzaErrorType.MODIFY);
    assertThat(StanzaErrorCondition.RECIPIENT_UNAVAILABLE.defaultType()).isEqualTo(StanzaErrorType.WAIT);
    for (StanzaErrorCondition c : StanzaErrorCondition.values()) {
      assertThat(StanzaErrorCondition.fromElementName(c.elementName())).contains(c);
      assertThat(c.elementName()).isEqualTo(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    assertThat(StanzaErrorCondition.values()).hasSize(22);
  }

  @Test
  void fromStanza_readsAllParts() {
    StanzaError error = StanzaError.of(StanzaErrorCondition.GONE).withConditionText("xmpp:new@example.com")
        .withBy("example.com").withType(StanzaErrorType.CANCEL);
    XmlElement stanza = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("type", "error")
        .child(error.toElement()).build();
    assertThat(StanzaError.fromStanza(stanza)).contains(error);
  }

  @Test
  void fromStanza_unknownConditionAndType_fallBack() {
    XmlElement stanza = XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "error")
        .child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "odd")
            .child(XmlElement.of("weird", Namespaces.STANZA_ERRORS)))
        .build();
    assertThat(StanzaError.fromStanza(stanza)).hasValueSatisfying(e -> {
      assertThat(e.condition()).isEqualTo(StanzaErrorCondition.UNDEFINED_CONDITION);
      assertThat(e.type()).isEqualTo(StanzaErrorType.MODIFY);
    });
    assertThat(StanzaError.fromStanza(XmlElement.of("iq", Namespaces.JABBER_CLIENT))).isEmpty();
  }
}
