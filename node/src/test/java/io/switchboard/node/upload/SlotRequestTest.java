package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class SlotRequestTest {

  private static XmlElement request(String filename, String size, String type) {
    return XmlElement.builder("request", Namespaces.HTTP_UPLOAD).attr("filename", filename).attr("size", size)
        .attr("content-type", type).build();
  }

  @Test
  void parse_complete_isValid() {
    assertThat(SlotRequest.parse(request("my-juliet.jpg", "23456", "image/jpeg")))
        .isEqualTo(new SlotRequest.Valid("my-juliet.jpg", 23456, "image/jpeg"));
  }

  @Test
  void parse_withoutContentType_isValidWithNone() {
    assertThat(SlotRequest.parse(request("a.bin", "1", null))).isEqualTo(new SlotRequest.Valid("a.bin", 1, null));
    assertThat(SlotRequest.parse(request("a.bin", "1", " "))).isEqualTo(new SlotRequest.Valid("a.bin", 1, null));
  }

  @Test
  void parse_typeWithParameters_isValid() {
    assertThat(SlotRequest.parse(request("a.txt", "5", "text/plain; charset=utf-8")))
        .isEqualTo(new SlotRequest.Valid("a.txt", 5, "text/plain; charset=utf-8"));
  }

  @Test
  void parse_missingOrBadAttributes_areInvalid() {
    assertThat(SlotRequest.parse(request(null, "1", null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("  ", "1", null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", null, null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", "ten", null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", "-1", null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", "99999999999999999999", null))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", "1", "image"))).isInstanceOf(SlotRequest.Invalid.class);
    assertThat(SlotRequest.parse(request("a", "1", "image/jpeg\r\nX-Evil: 1"))).isInstanceOf(SlotRequest.Invalid.class);
  }

  @Test
  void parse_otherElement_isInvalid() {
    assertThat(SlotRequest.parse(XmlElement.of("request", "urn:xmpp:http:upload"))).isInstanceOf(SlotRequest.Invalid.class);
  }
}
