package io.switchboard.bench.scenario.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.scenario.Stamp;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class RoomStanzaTest {
  private static final String ROOM = "bench-s10-0@conference.example.test";

  static XmlElement groupchat(String from, String type, String body, boolean delayed) {
    XmlElement.Builder b = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", from).attr("type", type)
        .child(XmlElement.builder("body", Namespaces.JABBER_CLIENT).text(body));
    if (delayed) {
      b.child(XmlElement.builder("delay", RoomStanza.DELAY).attr("stamp", "2026-12-06T00:00:00Z"));
    }
    return b.build();
  }

  static XmlElement presence(String from, String type, int... codes) {
    XmlElement.Builder x = XmlElement.builder("x", MucStanzas.MUC_USER);
    for (int code : codes) {
      x.child(XmlElement.builder("status", MucStanzas.MUC_USER).attr("code", Integer.toString(code)));
    }
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", from).attr("type", type).child(x)
        .build();
  }

  @Test
  void groupchatStamp_liveCopyFromAnOccupant() {
    assertThat(RoomStanza.groupchatStamp(groupchat(ROOM + "/u3", "groupchat", Stamp.text(1234, 64), false)))
        .isEqualTo(1234);
  }

  @Test
  void groupchatStamp_historySubjectOtherTypesAndUnstamped_minusOne() {
    assertThat(RoomStanza.groupchatStamp(groupchat(ROOM + "/u3", "groupchat", Stamp.text(1234, 64), true)))
        .as("history (delay)").isEqualTo(-1);
    assertThat(RoomStanza.groupchatStamp(groupchat(ROOM, "groupchat", Stamp.text(1234, 64), false)))
        .as("from the room itself").isEqualTo(-1);
    assertThat(RoomStanza.groupchatStamp(groupchat(ROOM + "/u3", "chat", Stamp.text(1234, 64), false)))
        .as("private message").isEqualTo(-1);
    assertThat(RoomStanza.groupchatStamp(groupchat(ROOM + "/u3", "groupchat", "hello", false))).isEqualTo(-1);
    assertThat(RoomStanza.groupchatStamp(XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", ROOM + "/u3").attr("type", "groupchat").build())).as("no body").isEqualTo(-1);
  }

  @Test
  void statusCodes_readFromMucUserX() {
    assertThat(RoomStanza.statusCodes(presence(ROOM + "/u1", null, 110, 201))).containsExactlyInAnyOrder(110, 201);
    assertThat(RoomStanza.statusCodes(presence(ROOM + "/u1", null))).isEmpty();
    assertThat(RoomStanza.statusCodes(XmlElement.builder("presence", Namespaces.JABBER_CLIENT).build())).isEmpty();
  }

  @Test
  void errorCondition_firstDefinedCondition() {
    XmlElement error = XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("type", "error")
        .child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
            .child(XmlElement.builder("item-not-found", "urn:ietf:params:xml:ns:xmpp-stanzas"))
            .child(XmlElement.builder("text", "urn:ietf:params:xml:ns:xmpp-stanzas").text("locked")))
        .build();

    assertThat(RoomStanza.errorCondition(error)).isEqualTo("item-not-found");
    assertThat(RoomStanza.errorCondition(presence(ROOM, "error"))).isEqualTo("undefined");
  }

  @Test
  void bare_stripsResource() {
    assertThat(RoomStanza.bare(ROOM + "/u1/x")).isEqualTo(ROOM);
    assertThat(RoomStanza.bare(ROOM)).isEqualTo(ROOM);
    assertThat(RoomStanza.bare(null)).isNull();
  }
}
