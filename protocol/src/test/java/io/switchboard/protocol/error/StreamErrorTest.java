package io.switchboard.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class StreamErrorTest {
  @Test
  void toXml_withText_usesStreamPrefixAndErrorNamespace() {
    assertThat(StreamError.of(StreamErrorCondition.POLICY_VIOLATION, "too big").toXml()).isEqualTo(
        "<stream:error><policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"
            + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\" xml:lang=\"en\">too big</text></stream:error>");
  }

  @Test
  void seeOtherHost_carriesHostInCondition() {
    assertThat(StreamError.seeOtherHost("node2.example.com:5222").toXml()).isEqualTo(
        "<stream:error><see-other-host xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\">node2.example.com:5222"
            + "</see-other-host></stream:error>");
  }

  @Test
  void fromElement_roundTrips() {
    StreamError error = new StreamError(StreamErrorCondition.SEE_OTHER_HOST, "moving", "other:5222");
    assertThat(StreamError.fromElement(error.toElement())).contains(error);
    assertThat(StreamError.fromElement(XmlElement.of("error", Namespaces.STREAMS))).isEmpty();
  }

  @Test
  void conditions_haveRfcElementNames() {
    for (StreamErrorCondition c : StreamErrorCondition.values()) {
      assertThat(c.elementName()).isEqualTo(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      assertThat(StreamErrorCondition.fromElementName(c.elementName())).contains(c);
    }
    assertThat(StreamErrorCondition.values()).hasSize(25);
  }

  @Test
  void exception_exposesCondition() {
    StreamErrorException e = new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, "no DTD");
    assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
    assertThat(e.getMessage()).isEqualTo("restricted-xml: no DTD");
  }
}
