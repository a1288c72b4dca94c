package io.switchboard.node.csi;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.csi.CsiSettings.Action;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsiPolicyTest {
  private final CsiPolicy policy = new CsiPolicy(CsiSettings.defaults());
  private final Map<String, String> nicks = new HashMap<>();

  private static XmlElement message(String from, String type, String body) {
    XmlElement.Builder b = XmlElement.builder("message", "jabber:client").attr("from", from).attr("type", type);
    if (body != null) {
      b.textChild("body", body);
    }
    return b.build();
  }

  @Test
  void classify_byImportance_withTheDefaults() {
    assertThat(policy.classify(XmlElement.builder("iq", "jabber:client").attr("type", "result").build(), nicks))
        .isEqualTo(Action.FLUSH);
    assertThat(policy.classify(message("romeo@example.net/o", "chat", "hi"), nicks)).isEqualTo(Action.FLUSH);
    assertThat(policy.classify(message("romeo@example.net/o", "chat", null)
        .withChild(XmlElement.of("composing", Namespaces.CHAT_STATES)), nicks)).isEqualTo(Action.DROP);
    assertThat(policy.classify(message("romeo@example.net/o", "chat", null)
        .withChild(XmlElement.builder("received", Namespaces.RECEIPTS).attr("id", "1").build()), nicks))
        .isEqualTo(Action.QUEUE);
    assertThat(policy.classify(XmlElement.builder("presence", "jabber:client").attr("from", "romeo@example.net/o")
        .build(), nicks)).isEqualTo(Action.QUEUE);
    assertThat(policy.classify(XmlElement.builder("presence", "jabber:client").attr("from", "romeo@example.net")
        .attr("type", "subscribe").build(), nicks)).isEqualTo(Action.FLUSH);
    assertThat(policy.classify(message("romeo@example.net/o", "error", null), nicks)).isEqualTo(Action.FLUSH);
    assertThat(policy.classify(message("romeo@example.net/o", "chat", null)
        .withChild(XmlElement.of("encrypted", Namespaces.OMEMO)), nicks)).isEqualTo(Action.FLUSH);
  }

  @Test
  void classify_groupchat_mentionOfTheNickLearntFromSelfPresence() {
    XmlElement self = XmlElement.builder("presence", "jabber:client").attr("from", "room@muc.example.net/Juliet")
        .child(XmlElement.builder("x", Namespaces.MUC_USER)
            .child(XmlElement.builder("status", Namespaces.MUC_USER).attr("code", "110")))
        .build();
    policy.classify(self, nicks);
    assertThat(nicks).containsEntry("room@muc.example.net", "Juliet");
    assertThat(policy.classify(message("room@muc.example.net/Romeo", "groupchat", "good night all"), nicks))
        .isEqualTo(Action.QUEUE);
    assertThat(policy.classify(message("room@muc.example.net/Romeo", "groupchat", "juliet, come down"), nicks))
        .isEqualTo(Action.FLUSH);
    assertThat(policy.classify(message("other@muc.example.net/Romeo", "groupchat", "juliet?"), nicks))
        .as("not her nickname in that room").isEqualTo(Action.QUEUE);
  }

  @Test
  void classify_carbonCopy_judgedByTheMessageInside() {
    XmlElement inner = message("romeo@example.net/o", "chat", "hi");
    XmlElement carbon = XmlElement.builder("message", "jabber:client").attr("from", "juliet@example.com")
        .attr("type", "chat")
        .child(XmlElement.builder("received", Namespaces.CARBONS)
            .child(io.switchboard.protocol.forward.Forwarded.of(inner, null)))
        .build();
    assertThat(policy.classify(carbon, nicks)).isEqualTo(Action.FLUSH);
  }
}
