package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageRequestTest {
  private static MessageRequest parse(String json) throws JsonBody.Invalid {
    return MessageRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_minimal_defaultsToNormal() throws Exception {
    MessageRequest m = parse("{\"to\":\"Alice@Example.com\",\"body\":\"hi\"}");
    assertThat(m.type()).isEqualTo("normal");
    assertThat(m.to().toString()).isEqualTo("alice@example.com");
    assertThat(m.subject()).isNull();
  }

  @Test
  void toStanza_fromSenderWithSubjectAndBody() throws Exception {
    XmlElement s = parse("{\"to\":\"a@example.com/r\",\"type\":\"chat\",\"body\":\"<b>\",\"subject\":\"s\"}")
        .toStanza(Jids.domain("example.com"), "id1");
    assertThat(s.toXml()).isEqualTo("<message xmlns=\"jabber:client\" from=\"example.com\" to=\"a@example.com/r\" "
        + "type=\"chat\" id=\"id1\"><subject>s</subject><body>&lt;b&gt;</body></message>");
  }

  @Test
  void parse_wrongTypes_nameTheField() {
    assertThatThrownBy(() -> parse("{\"to\":1,\"body\":\"x\"}"))
        .isInstanceOfSatisfying(JsonBody.Invalid.class, e -> assertThat(e.field).isEqualTo("to"));
    assertThatThrownBy(() -> parse("{\"to\":\"a@b\",\"body\":\"\"}"))
        .isInstanceOfSatisfying(JsonBody.Invalid.class, e -> assertThat(e.field).isEqualTo("body"));
    assertThatThrownBy(() -> parse("{\"to\":\"a@b\",\"body\":\"x\",\"subject\":[]}"))
        .isInstanceOfSatisfying(JsonBody.Invalid.class, e -> assertThat(e.field).isEqualTo("subject"));
  }
}
