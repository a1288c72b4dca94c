package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.admin;
import static io.switchboard.sharding.muc.RoomFixture.configure;
import static io.switchboard.sharding.muc.RoomFixture.error;
import static io.switchboard.sharding.muc.RoomFixture.groupchat;
import static io.switchboard.sharding.muc.RoomFixture.iq;
import static io.switchboard.sharding.muc.RoomFixture.item;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static io.switchboard.sharding.muc.RoomFixture.statuses;
import static io.switchboard.sharding.muc.RoomFixture.subject;
import static io.switchboard.sharding.muc.RoomFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.MucUser;
import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groupchat, subject, private messages, invitations, bounces, self-ping and IQ pass-through. */
class MessagingTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/pc";
  private static final String EVE = "eve@example.com/x";

  private final RoomFixture f = new RoomFixture();

  @BeforeEach
  void room() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
  }

  @Test
  void groupchat_isArchivedThenBroadcastToEveryoneFromTheOccupantJid() {
    XmlElement spoofed = groupchat(BOB, "m1", "hello").withChild(
        XmlElement.builder("stanza-id", Namespaces.SID).attr("id", "forged").attr("by", ROOM).build());
    f.send(spoofed);
    Outgoing.Broadcast b = (Outgoing.Broadcast) f.last.out().get(0);
    assertThat(b.recipients()).containsExactlyInAnyOrder(ALICE, BOB);
    assertThat(b.message().attr("from")).isEqualTo(ROOM + "/bob");
    assertThat(b.message().attr("id")).isEqualTo("m1");
    assertThat(b.message().child("stanza-id", Namespaces.SID)).isEmpty();
    assertThat(OccupantId.in(b.message()).orElseThrow().id()).isEqualTo(f.state.occupant("bob").occupantId());
    assertThat(b.dedupeKey()).isEqualTo(f.state.occupant("bob").occupantId() + " m1");
    assertThat(b.with()).isEqualTo(ROOM + "/bob");
  }

  @Test
  void groupchat_withoutBody_isReflectedButNotArchived() {
    XmlElement composing = groupchat(BOB, "c1", null)
        .withChild(XmlElement.of("composing", Namespaces.CHAT_STATES));
    f.send(composing);
    assertThat(f.last.out()).singleElement().isInstanceOf(Outgoing.Fanout.class);
  }

  @Test
  void groupchat_refusals() {
    assertThat(error(f.send(groupchat(EVE, "e1", "hi")).get(0))).isEqualTo("not-acceptable");
    f.send(admin(ALICE, "set", item("nick", "bob", "role", "visitor")));
    assertThat(error(f.send(groupchat(BOB, "b1", "hi")).get(0))).isEqualTo("forbidden");
    f.send(admin(ALICE, "set", item("nick", "bob", "role", "participant")));
    f.rateAllows = false;
    XmlElement limited = f.send(groupchat(BOB, "b2", "hi")).get(0);
    assertThat(error(limited)).isEqualTo("resource-constraint");
    assertThat(limited.child("error", Namespaces.JABBER_CLIENT).orElseThrow().attr("type")).isEqualTo("wait");
  }

  @Test
  void subject_byModerator_isJournaledAndBroadcast_byParticipantForbidden_tooLongPolicyViolation() {
    assertThat(error(f.send(subject(BOB, "mine")).get(0))).isEqualTo("forbidden");
    List<XmlElement> out = f.send(subject(ALICE, "Plans"));
    assertThat(f.state.subject()).isEqualTo("Plans");
    assertThat(f.state.subjectFrom()).isEqualTo(ROOM + "/alice");
    assertThat(to(out, BOB)).hasSize(1);
    f.send(configure(ALICE, "muc#roomconfig_changesubject", "1"));
    f.send(subject(BOB, "Bob's"));
    assertThat(f.state.subject()).isEqualTo("Bob's");
    assertThat(error(f.send(subject(ALICE, "x".repeat(1025))).get(0))).isEqualTo("policy-violation");
  }

  @Test
  void privateMessage_goesToTheTargetFromTheSenderOccupantJid() {
    XmlElement pm = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", BOB)
        .attr("to", ROOM + "/alice").attr("type", "chat").attr("id", "pm1").textChild("body", "psst").build();
    List<XmlElement> out = f.send(pm);
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.attr("to")).isEqualTo(ALICE);
      assertThat(m.attr("from")).isEqualTo(ROOM + "/bob");
      assertThat(m.child("x", Namespaces.MUC_USER)).isPresent();
    });
    assertThat(error(f.send(pm.withAttribute("to", ROOM + "/nobody")).get(0))).isEqualTo("item-not-found");
    assertThat(error(f.send(pm.withAttribute("type", "groupchat")).get(0))).isEqualTo("bad-request");
    assertThat(error(f.send(pm.withAttribute("from", EVE)).get(0))).isEqualTo("not-acceptable");
    f.send(configure(ALICE, "muc#roomconfig_allowpm", "moderators"));
    assertThat(error(f.send(pm).get(0))).isEqualTo("forbidden");
  }

  @Test
  void mediatedInvitation_isPassedOnFromTheRoom_andMembersOnlyMakesAMember() {
    f.send(configure(ALICE, "muc#roomconfig_membersonly", "1"));
    XmlElement invite = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ALICE).attr("to", ROOM)
        .attr("id", "i1").child(new MucUser(List.of(), List.of(),
            List.of(new MucUser.Invite("carol@example.com", null, "join us", null)), List.of(), null, null).toElement())
        .build();
    List<XmlElement> out = f.send(invite);
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.attr("to")).isEqualTo("carol@example.com");
      assertThat(m.attr("from")).isEqualTo(ROOM);
      MucUser u = MucUser.parse(m.child("x", Namespaces.MUC_USER).orElseThrow()).orElseThrow();
      assertThat(u.invites().get(0).reason()).isEqualTo("join us");
      assertThat(u.invites().get(0).from()).isEqualTo(ROOM + "/alice");
    });
    assertThat(f.state.affiliation("carol@example.com")).isEqualTo(io.switchboard.protocol.muc.Affiliation.MEMBER);
  }

  @Test
  void bounce_fromAnOccupantSession_removesItWith333() {
    XmlElement bounced = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", BOB)
        .attr("to", ROOM + "/alice").attr("type", "error")
        .child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
            .child(XmlElement.of("service-unavailable", Namespaces.STANZA_ERRORS)))
        .build();
    List<XmlElement> out = f.send(bounced);
    assertThat(f.state.occupant("bob")).isNull();
    assertThat(statuses(to(out, ALICE).get(0))).containsExactly(333);
  }

  @Test
  void selfPing_isAnsweredByTheRoom_notJoinedIsNotAcceptable_otherOccupantIsPassedThrough() {
    XmlElement ping = XmlElement.of("ping", Namespaces.PING);
    List<XmlElement> out = f.send(iq(BOB, ROOM + "/bob", "get", ping));
    assertThat(out).singleElement().satisfies(r -> assertThat(r.attr("type")).isEqualTo("result"));
    assertThat(error(f.send(iq(EVE, ROOM + "/bob", "get", ping)).get(0))).isEqualTo("not-acceptable");
    f.send(iq(BOB, ROOM + "/alice", "get", ping));
    assertThat(f.last.out()).singleElement().isInstanceOf(Outgoing.ForwardIq.class);
    XmlElement disco = XmlElement.of("query", Namespaces.DISCO_INFO);
    assertThat(error(f.send(iq(EVE, ROOM + "/bob", "get", disco)).get(0))).isEqualTo("bad-request");
  }

  @Test
  void roomDisco_describesTheRoomAndListsOccupantsOfAPublicRoom() {
    List<XmlElement> out = f.send(iq(EVE, ROOM, "get", XmlElement.of("query", Namespaces.DISCO_INFO)));
    XmlElement q = out.get(0).child("query", Namespaces.DISCO_INFO).orElseThrow();
    assertThat(q.elements("feature", Namespaces.DISCO_INFO)).extracting(e -> e.attr("var"))
        .contains(Namespaces.MUC, "muc_public", "muc_temporary", "muc_open", "muc_semianonymous", Namespaces.OCCUPANT_ID);
    assertThat(q.child("x", Namespaces.DATA_FORMS)).isPresent();
    out = f.send(iq(EVE, ROOM, "get", XmlElement.of("query", Namespaces.DISCO_ITEMS)));
    assertThat(out.get(0).child("query", Namespaces.DISCO_ITEMS).orElseThrow().elements()).hasSize(2);
    f.send(configure(ALICE, "muc#roomconfig_publicroom", "0"));
    out = f.send(iq(EVE, ROOM, "get", XmlElement.of("query", Namespaces.DISCO_ITEMS)));
    assertThat(out.get(0).child("query", Namespaces.DISCO_ITEMS).orElseThrow().elements()).isEmpty();
  }

  @Test
  void destroy_byOwner_tellsEveryoneWithTheAlternateVenue() {
    XmlElement destroy = XmlElement.builder("destroy", Namespaces.MUC_OWNER).attr("jid", "other@conference.example.com")
        .textChild("reason", "moving").build();
    List<XmlElement> out = f.send(RoomFixture.owner(ALICE, "set", destroy));
    assertThat(f.state.exists()).isFalse();
    XmlElement toBob = to(out, BOB).get(0);
    assertThat(toBob.attr("type")).isEqualTo("unavailable");
    MucUser u = MucUser.parse(toBob.child("x", Namespaces.MUC_USER).orElseThrow()).orElseThrow();
    assertThat(u.destroy().jid()).isEqualTo("other@conference.example.com");
    assertThat(u.destroy().reason()).isEqualTo("moving");
    assertThat(error(f.send(RoomFixture.owner(BOB, "set", destroy)).get(0))).isEqualTo("item-not-found");
  }

  @Test
  void ownerQueries_byOthers_areForbidden_andBadFormsNotAcceptable() {
    assertThat(error(f.send(RoomFixture.owner(BOB, "get", null)).get(0))).isEqualTo("forbidden");
    assertThat(error(f.send(configure(ALICE, "muc#roomconfig_maxusers", "100000")).get(0))).isEqualTo("not-acceptable");
    assertThat(error(f.send(configure(ALICE, "muc#roomconfig_whois", "nobody")).get(0))).isEqualTo("not-acceptable");
    List<XmlElement> form = f.send(RoomFixture.owner(ALICE, "get", null));
    assertThat(form.get(0).child("query", Namespaces.MUC_OWNER).flatMap(q -> q.child("x", Namespaces.DATA_FORMS)))
        .isPresent();
  }

  @Test
  void configChange_tellsOccupantsWith104And172() {
    List<XmlElement> out = f.send(configure(ALICE, "muc#roomconfig_whois", "anyone"));
    XmlElement notice = to(out, BOB).get(0);
    assertThat(notice.name()).isEqualTo("message");
    assertThat(statuses(notice)).containsExactly(104, 172);
  }
}
