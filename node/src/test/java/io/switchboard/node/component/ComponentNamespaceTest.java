package io.switchboard.node.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class ComponentNamespaceTest {
  private static final XmlElement FROM_COMPONENT = XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT)
      .attr("to", "a@example.com")
      .child(XmlElement.builder("body", Namespaces.COMPONENT_ACCEPT).text("hi"))
      .child(XmlElement.builder("json", "urn:xmpp:json:0").text("{}"))
      .build();

  @Test
  void toCluster_stanzaAndContentChildren_moveToJabberClient() {
    XmlElement e = ComponentNamespace.toCluster(FROM_COMPONENT);
    assertThat(e.namespace()).isEqualTo(Namespaces.JABBER_CLIENT);
    assertThat(e.child("body", Namespaces.JABBER_CLIENT)).isPresent();
    assertThat(e.child("json", "urn:xmpp:json:0")).isPresent();
    assertThat(e.attr("to")).isEqualTo("a@example.com");
  }

  @Test
  void toComponent_roundTrip_isTheOriginal() {
    assertThat(ComponentNamespace.toComponent(ComponentNamespace.toCluster(FROM_COMPONENT))).isEqualTo(FROM_COMPONENT);
  }
}
