package io.switchboard.protocol.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every MUC element type: decode -> encode -> decode gives the same value, through the XML text
 * (the writer and the parser), so nothing is lost on the way to the wire and back.
 */
class MucElementsTest {

  private static XmlElement throughText(XmlElement e) {
    return XmlParser.parse(e.toXml()).orElseThrow();
  }

  @Test
  void mucUser_withItemsStatusesInvitesDeclinesDestroyAndPassword_roundTrips() {
    MucItem item = new MucItem(Affiliation.MEMBER, Role.PARTICIPANT, "bob@example.com/pc", "Bob",
        "because <reasons> & more", "alice", null);
    MucUser user = new MucUser(List.of(item), List.of(110, 307),
        List.of(new MucUser.Invite(null, "alice@example.com/p", "come", "t1")),
        List.of(new MucUser.Decline(null, "carol@example.com", "busy")),
        new MucUser.Destroy("other@conference.example.com", "pw", "moving"), "secret");
    MucUser once = MucUser.parse(throughText(user.toElement())).orElseThrow();
    assertThat(once).isEqualTo(user);
    assertThat(MucUser.parse(throughText(once.toElement()))).contains(once);
  }

  @Test
  void mucItem_inAdminNamespace_roundTrips_andUnknownValuesAreInvalid() {
    MucItem item = MucItem.of(Affiliation.OUTCAST, null).withJid("eve@example.com").withReason("spam");
    XmlElement e = item.toElement("http://jabber.org/protocol/muc#admin");
    assertThat(MucItem.parse(throughText(e))).isEqualTo(item);
    XmlElement bad = XmlElement.builder("item", "http://jabber.org/protocol/muc#admin").attr("role", "king").build();
    assertThat(MucItem.valid(bad)).isFalse();
    assertThat(MucItem.valid(e)).isTrue();
  }

  @Test
  void mucJoin_withHistoryAndPassword_roundTrips_malformedNumbersReadAsAbsent() {
    MucJoin join = new MucJoin("pw", 1000, 20, 3600, Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(MucJoin.parse(throughText(join.toElement()))).contains(join);
    assertThat(MucJoin.parse(throughText(MucJoin.PLAIN.toElement()))).contains(MucJoin.PLAIN);
    XmlElement odd = XmlElement.builder("x", MucJoin.NAMESPACE)
        .child(XmlElement.builder("history", MucJoin.NAMESPACE).attr("maxstanzas", "-1").attr("since", "yesterday"))
        .build();
    assertThat(MucJoin.parse(odd)).contains(MucJoin.PLAIN);
  }

  @Test
  void directInviteOccupantIdAndStanzaId_roundTrip() {
    DirectInvite invite = new DirectInvite("room@conference.example.com", "pw", "join", true, "t");
    assertThat(DirectInvite.parse(throughText(invite.toElement()))).contains(invite);
    OccupantId id = new OccupantId("abc-_123");
    assertThat(OccupantId.parse(throughText(id.toElement()))).contains(id);
    StanzaId sid = new StanzaId("123e4567", "room@conference.example.com");
    assertThat(StanzaId.parse(throughText(sid.toElement()))).contains(sid);
  }

  @Test
  void dataForm_roundTrips() {
    TypedForm form = new TypedForm(TypedForm.Type.FORM, "Title", List.of("Fill it"), List.of(
        TypedForm.Field.of("FORM_TYPE", TypedForm.FieldType.HIDDEN, null, List.of("urn:x")),
        new TypedForm.Field("a", TypedForm.FieldType.LIST_MULTI, "A", "desc", true, List.of("1", "2"),
            List.of(new TypedForm.Option("One", "1"), new TypedForm.Option(null, "2"))),
        TypedForm.Field.of("b", null, null, List.of(""))));
    TypedForm once = TypedForm.parse(throughText(form.toElement())).orElseThrow();
    assertThat(once).isEqualTo(form);
    assertThat(once.formType()).isEqualTo("urn:x");
  }

  @Test
  void nicknames_enforceAndCompareCaseInsensitively() {
    assertThat(Nicknames.enforce("  Alice   Smith ", 128)).contains("Alice Smith");
    assertThat(Nicknames.enforce("   ", 128)).isEmpty();
    assertThat(Nicknames.enforce("x".repeat(200), 128)).isEmpty();
    assertThat(Nicknames.key("Alice")).isEqualTo(Nicknames.key("ALICE"));
    assertThat(Nicknames.key("Alice")).isNotEqualTo(Nicknames.key("Alicia"));
  }
}
