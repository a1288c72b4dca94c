package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishPayloadTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fromJson_object_becomesJsonContainerWithTheText() throws Exception {
    XmlElement e = PublishPayload.fromJson(b(" {\"a\":\"<x>\"}\n"));
    assertThat(e.toXml()).isEqualTo("<json xmlns=\"urn:xmpp:json:0\">{\"a\":\"&lt;x&gt;\"}</json>");
  }

  @Test
  void fromJson_invalidOrEmpty_refused() {
    assertThatThrownBy(() -> PublishPayload.fromJson(b("{"))).isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromJson(b(""))).isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromJson(b("{} {}"))).isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromJson(new byte[] {(byte) 0xff, '1'}))
        .isInstanceOf(PublishPayload.Invalid.class);
  }

  @Test
  void fromAtom_entryWithDeclaration_parsed() throws Exception {
    XmlElement e = PublishPayload.fromAtom(b("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<entry xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title></entry>"));
    assertThat(e.is("entry", PublishPayload.ATOM_NS)).isTrue();
    assertThat(e.childText("title", PublishPayload.ATOM_NS)).contains("T");
  }

  @Test
  void fromAtom_dtdEntityPiOrTwoElements_refused() {
    assertThatThrownBy(() -> PublishPayload.fromAtom(b(
        "<!DOCTYPE e [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><entry xmlns='http://www.w3.org/2005/Atom'>&x;</entry>")))
        .isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromAtom(b(
        "<?xml-stylesheet href='x'?><entry xmlns='http://www.w3.org/2005/Atom'/>")))
        .isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromAtom(b(
        "<entry xmlns='http://www.w3.org/2005/Atom'/><entry xmlns='http://www.w3.org/2005/Atom'/>")))
        .isInstanceOf(PublishPayload.Invalid.class);
    assertThatThrownBy(() -> PublishPayload.fromAtom(b("<entry/>"))).isInstanceOf(PublishPayload.Invalid.class);
  }
}
