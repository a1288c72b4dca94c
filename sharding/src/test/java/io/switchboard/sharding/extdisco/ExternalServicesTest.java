package io.switchboard.sharding.extdisco;

import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ExternalServicesTest {
  private static final String NS = "urn:xmpp:extdisco:2";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ExternalService STUN =
      new ExternalService("stun", "stun.example.org", 3478, "udp", "", "", "", "", Duration.ofDays(1));
  private static final ExternalService TURN =
      new ExternalService("turn", "turn.example.org", 3478, "udp", "TURN", "", "", "s3cret", Duration.ofHours(1));
  private static final ExternalService FIXED =
      new ExternalService("turns", "relay.example.org", 5349, "tcp", "", "u", "p", "", Duration.ofDays(1));

  private final ExternalServices ext = new ExternalServices(
      new ExternalServicesSettings(List.of(STUN, TURN, FIXED)), "example.org", Clock.fixed(NOW, ZoneOffset.UTC));

  private XmlElement ask(String from, String type, XmlElement payload) {
    return ext.answer(iq(from, "example.org", type, "e1", payload), payload);
  }

  @Test
  void services_allWithCredentials_timeLimitedAsCoturnChecksThem() throws Exception {
    XmlElement answer = ask("juliet@example.org/balcony", "get", XmlElement.of("services", NS));

    assertThat(answer.attr("type")).isEqualTo("result");
    List<XmlElement> services = answer.child("services", NS).orElseThrow().elements("service", NS);
    assertThat(services).extracting(s -> s.attr("host"))
        .containsExactly("stun.example.org", "turn.example.org", "relay.example.org");
    assertThat(services.get(0).attr("username")).isNull();
    XmlElement turn = services.get(1);
    long expiry = NOW.plus(Duration.ofHours(1)).getEpochSecond();
    assertThat(turn.attr("username")).isEqualTo(expiry + ":juliet@example.org");
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    assertThat(turn.attr("password")).isEqualTo(Base64.getEncoder()
        .encodeToString(mac.doFinal(turn.attr("username").getBytes(StandardCharsets.UTF_8))));
    assertThat(turn.attr("expires")).isEqualTo("2026-01-01T01:00:00Z");
    assertThat(services.get(2).attr("username")).isEqualTo("u");
    assertThat(services.get(2).attr("transport")).isEqualTo("tcp");
  }

  @Test
  void services_ofOneType_filtered() {
    XmlElement answer = ask("juliet@example.org/balcony", "get",
        XmlElement.builder("services", NS).attr("type", "stun").build());
    assertThat(answer.child("services", NS).orElseThrow().elements("service", NS))
        .extracting(s -> s.attr("host")).containsExactly("stun.example.org");
  }

  @Test
  void credentials_ofOneService_orItemNotFound() {
    XmlElement found = ask("juliet@example.org/balcony", "get", XmlElement.builder("credentials", NS)
        .child(XmlElement.builder("service", NS).attr("type", "turn").attr("host", "turn.example.org")).build());
    assertThat(found.child("credentials", NS).orElseThrow().child("service", NS).orElseThrow().attr("password"))
        .isNotBlank();

    XmlElement stun = ask("juliet@example.org/balcony", "get", XmlElement.builder("credentials", NS)
        .child(XmlElement.builder("service", NS).attr("type", "stun").attr("host", "stun.example.org")).build());
    assertThat(errorCondition(stun)).isEqualTo("item-not-found");

    XmlElement noService = ask("juliet@example.org/balcony", "get", XmlElement.of("credentials", NS));
    assertThat(errorCondition(noService)).isEqualTo("bad-request");
  }

  @Test
  void strangersAndSet_refused() {
    assertThat(errorCondition(ask("romeo@other.org/x", "get", XmlElement.of("services", NS)))).isEqualTo("forbidden");
    assertThat(errorCondition(ask("example.org", "get", XmlElement.of("services", NS)))).isEqualTo("forbidden");
    assertThat(errorCondition(ask("juliet@example.org/b", "set", XmlElement.of("services", NS)))).isEqualTo("bad-request");
  }

  @Test
  void serverIq_onlyWhenConfigured() {
    assertThat(ext.serverIq()).hasSize(1);
    assertThat(new ExternalServices(ExternalServicesSettings.NONE, "example.org", Clock.systemUTC()).serverIq()).isEmpty();
  }
}
