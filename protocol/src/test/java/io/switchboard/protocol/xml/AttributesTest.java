package io.switchboard.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesTest {
  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void copy_keepsDocumentOrderAndAnswersLookUps() {
    Map<String, String> a = Attributes.copyOf(ordered("to", "a@x", "id", "1", "type", "chat"));
    assertThat(List.copyOf(a.keySet())).containsExactly("to", "id", "type");
    assertThat(a.get("id")).isEqualTo("1");
    assertThat(a.get("from")).isNull();
    assertThat(a.containsKey("type")).isTrue();
    assertThat(a.containsKey("from")).isFalse();
    assertThat(a).hasSize(3);
  }

  @Test
  void equalsAndHash_agreeWithOtherMaps() {
    Map<String, String> source = ordered("to", "a@x", "id", "1");
    Map<String, String> a = Attributes.copyOf(source);
    assertThat(a).isEqualTo(source);
    assertThat(source).isEqualTo(a);
    assertThat(a.hashCode()).isEqualTo(source.hashCode());
    assertThat(a).isNotEqualTo(ordered("to", "a@x"));
  }

  @Test
  void immutable_andTheSourceMayChangeAfterwards() {
    Map<String, String> source = ordered("id", "1");
    Map<String, String> a = Attributes.copyOf(source);
    source.put("id", "2");
    assertThat(a.get("id")).isEqualTo("1");
    assertThatThrownBy(() -> a.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> a.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noAttributes_oneSharedInstance_andCopiesOfCopiesAreNotMade() {
    assertThat(Attributes.copyOf(Map.of())).isSameAs(Attributes.copyOf(new LinkedHashMap<>())).isEmpty();
    Map<String, String> a = Attributes.copyOf(ordered("id", "1"));
    assertThat(Attributes.copyOf(a)).isSameAs(a);
  }

  @Test
  void elements_keepTheirAttributesThroughChanges() {
    XmlElement e = XmlElement.builder("presence", "jabber:client").attr("to", "a@x").attr("id", "7").build();
    XmlElement changed = e.withAttribute("from", "b@y").withoutAttribute("id");
    assertThat(changed.toXml()).isEqualTo("<presence xmlns=\"jabber:client\" to=\"a@x\" from=\"b@y\"/>");
    assertThat(e.withAttribute("id", "7")).isSameAs(e);
    assertThat(changed).isEqualTo(XmlElement.builder("presence", "jabber:client").attr("to", "a@x").attr("from", "b@y").build());
  }
}
