package io.switchboard.protocol.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaslStepTest {
  @Test
  void challenge_empty_isEqualsSign() {
    assertThat(new SaslStep.Challenge(new byte[0]).toElement().toXml())
        .isEqualTo("<challenge xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">=</challenge>");
  }

  @Test
  void success_withData_base64AndWithout_empty() {
    assertThat(new SaslStep.Success("v=abc".getBytes(UTF_8), "u").toElement().toXml())
        .isEqualTo("<success xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">dj1hYmM=</success>");
    assertThat(new SaslStep.Success(new byte[0], "u").toElement().toXml())
        .isEqualTo("<success xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"/>");
  }

  @Test
  void failure_withText() {
    assertThat(new SaslStep.Failure(SaslFailureCondition.ACCOUNT_DISABLED, "bye").toElement().toXml())
        .isEqualTo("<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><account-disabled/>"
            + "<text xml:lang=\"en\">bye</text></failure>");
  }

  @Test
  void payloads_decodeAndEncode() {
    assertThat(SaslPayloads.decode("=")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    assertThat(SaslPayloads.decode("")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    assertThat(SaslPayloads.decode("dj1hYmM=")).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("v=abc"));
    assertThat(SaslPayloads.decode("not base64!")).isEmpty();
    assertThat(SaslPayloads.decode("dj1h YmM=")).isEmpty();
    assertThat(SaslPayloads.encode(new byte[0])).isEqualTo("=");
    assertThat(SaslPayloads.encode("v=abc".getBytes(UTF_8))).isEqualTo("dj1hYmM=");
  }

  @Test
  void failureCondition_elementNames_roundTrip() {
    for (SaslFailureCondition c : SaslFailureCondition.values()) {
      assertThat(SaslFailureCondition.fromElementName(c.elementName())).contains(c);
    }
    assertThat(SaslFailureCondition.TEMPORARY_AUTH_FAILURE.elementName()).isEqualTo("temporary-auth-failure");
  }
}
