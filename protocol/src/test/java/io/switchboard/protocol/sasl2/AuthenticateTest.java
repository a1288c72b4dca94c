package io.switchboard.protocol.sasl2;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticateTest {

  private static XmlElement xml(String s) {
    return XmlParser.parse(s).orElseThrow();
  }

  @Test
  void parse_xep0388AndXep0386Example_everyInlineRequest() {
    // After XEP-0388 §2.3 / XEP-0386 §3 / XEP-0484 §3.2's examples.
    Authenticate.Parsed p = Authenticate.parse(xml(
        "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-1-PLUS'>"
            + "<initial-response>cD10bHMtZXhwb3J0ZXIsLG49dXNlcixyPTEyQzRDRDVDLUUzOEUtNEE5OC04RjZELTE1QzM4RjUxQ0NDNg==</initial-response>"
            + "<user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'><software>AwesomeXMPP</software>"
            + "<device>Kiva's Phone</device></user-agent>"
            + "<bind xmlns='urn:xmpp:bind:0'><tag>AwesomeXMPP</tag><enable xmlns='urn:xmpp:sm:3' resume='true'/></bind>"
            + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
            + "<resume xmlns='urn:xmpp:sm:3' previd='some-long-sm-id' h='37'/>"
            + "</authenticate>"));

    Authenticate a = ((Authenticate.Ok) p).request();
    assertThat(a.mechanism()).isEqualTo("SCRAM-SHA-1-PLUS");
    assertThat(new String(a.initialResponse().orElseThrow(), StandardCharsets.UTF_8)).startsWith("p=tls-exporter,,n=user");
    assertThat(a.userAgent().orElseThrow().id()).isEqualTo("d4565fa7-4d72-4749-b3d3-740edbf87770");
    assertThat(a.userAgent().orElseThrow().device()).contains("Kiva's Phone");
    assertThat(a.bind().orElseThrow().tag()).contains("AwesomeXMPP");
    assertThat(a.bind().orElseThrow().streamManagement().orElseThrow().resume()).isTrue();
    assertThat(a.requestToken()).contains("HT-SHA-256-NONE");
    assertThat(a.resume().orElseThrow().h()).isEqualTo(37);
    assertThat(a.fast()).isEmpty();
  }

  @Test
  void parse_fastCountAndInvalidate() {
    Authenticate a = ((Authenticate.Ok) Authenticate.parse(xml(
        "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>YQ==</initial-response>"
            + "<fast xmlns='urn:xmpp:fast:0' count='123' invalidate='true'/></authenticate>"))).request();
    assertThat(a.fast().orElseThrow().count()).hasValue(123);
    assertThat(a.fast().orElseThrow().invalidate()).isTrue();
    assertThat(a.userAgent()).isEmpty();
  }

  @Test
  void parse_noMechanismOrBadBase64_bad() {
    assertThat(Authenticate.parse(xml("<authenticate xmlns='urn:xmpp:sasl:2'/>")))
        .isEqualTo(new Authenticate.Bad(Authenticate.Malformed.NO_MECHANISM));
    assertThat(Authenticate.parse(xml(
        "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>**</initial-response></authenticate>")))
        .isEqualTo(new Authenticate.Bad(Authenticate.Malformed.BAD_ENCODING));
  }

  @Test
  void parse_userAgentWithoutId_noUserAgent() {
    Authenticate a = ((Authenticate.Ok) Authenticate.parse(xml(
        "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><user-agent><software>x</software></user-agent>"
            + "</authenticate>"))).request();
    assertThat(a.userAgent()).isEmpty();
  }

  @Test
  void elements_successWithTokenAndBound_asTheXepsShowThem() {
    XmlElement s = Sasl2Elements.success(new byte[] {1}, "juliet@example.com/AwesomeXMPP.4b2f", List.of(
        Sasl2Elements.token("WXZz", Instant.parse("2026-12-20T10:00:00.123Z")), Sasl2Elements.bound(List.of())));
    assertThat(s.toXml()).isEqualTo("<success xmlns=\"urn:xmpp:sasl:2\"><additional-data>AQ==</additional-data>"
        + "<authorization-identifier>juliet@example.com/AwesomeXMPP.4b2f</authorization-identifier>"
        + "<token xmlns=\"urn:xmpp:fast:0\" expiry=\"2026-12-20T10:00:00Z\" token=\"WXZz\"/>"
        + "<bound xmlns=\"urn:xmpp:bind:0\"/></success>");
  }

  @Test
  void elements_feature_listsMechanismsAndInlineFeatures() {
    String f = Sasl2Elements.feature(List.of("SCRAM-SHA-256"), true, List.of("HT-SHA-256-NONE")).toXml();
    assertThat(f).startsWith("<authentication xmlns=\"urn:xmpp:sasl:2\"><mechanism>SCRAM-SHA-256</mechanism><inline>")
        .contains("<bind xmlns=\"urn:xmpp:bind:0\"><inline><feature var=\"urn:xmpp:sm:3\"/></inline></bind>")
        .contains("<sm xmlns=\"urn:xmpp:sm:3\"/>")
        .contains("<fast xmlns=\"urn:xmpp:fast:0\"><mechanism>HT-SHA-256-NONE</mechanism></fast>");
  }
}
