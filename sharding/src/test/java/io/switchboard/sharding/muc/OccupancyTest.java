package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.configure;
import static io.switchboard.sharding.muc.RoomFixture.error;
import static io.switchboard.sharding.muc.RoomFixture.item;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static io.switchboard.sharding.muc.RoomFixture.presence;
import static io.switchboard.sharding.muc.RoomFixture.statuses;
import static io.switchboard.sharding.muc.RoomFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomEvent.RoomDestroyed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entering, presence, nickname changes and leaving (XEP-0045 §7.1-§7.2, §7.6, §7.14, §10.1). */
class OccupancyTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/pc";
  private static final String CAROL = "carol@example.com/tab";

  private final RoomFixture f = new RoomFixture();

  @Test
  void join_newRoom_createsLockedRoomWithOwnerAnd201() {
    List<XmlElement> out = f.send(join(ALICE, "alice"));
    assertThat(f.state.exists()).isTrue();
    assertThat(f.state.locked()).isTrue();
    assertThat(f.state.occupant("alice").role()).isEqualTo(io.switchboard.protocol.muc.Role.MODERATOR);
    assertThat(out).hasSize(1);
    XmlElement self = out.get(0);
    assertThat(self.attr("from")).isEqualTo(ROOM + "/alice");
    assertThat(self.attr("id")).isEqualTo("j-alice");
    assertThat(statuses(self)).containsExactly(110, 201);
    assertThat(item(self).attr("affiliation")).isEqualTo("owner");
    assertThat(OccupantId.in(self)).isPresent();
  }

  @Test
  void join_withoutMucExtension_createsInstantRoomAndSendsSubject() {
    XmlElement gc1 = XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", ALICE)
        .attr("to", ROOM + "/alice").build();
    List<XmlElement> out = f.send(gc1);
    assertThat(f.state.locked()).isFalse();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).name()).isEqualTo("message");
    assertThat(out.get(1).child("subject", Namespaces.JABBER_CLIENT)).isPresent();
  }

  @Test
  void join_lockedRoomByOther_isItemNotFound() {
    f.send(join(ALICE, "alice"));
    List<XmlElement> out = f.send(join(BOB, "bob"));
    assertThat(out).hasSize(1);
    assertThat(error(out.get(0))).isEqualTo("item-not-found");
    assertThat(out.get(0).attr("from")).isEqualTo(ROOM + "/bob");
    assertThat(f.state.occupants()).hasSize(1);
  }

  @Test
  void join_existingRoom_sendsOthersThenSelfThenHistoryThenSubject_andOthersSeeNewcomer() {
    f.created(ALICE, "alice");
    List<XmlElement> out = f.send(join(BOB, "bob"));
    List<XmlElement> toBob = to(out, BOB);
    assertThat(toBob).extracting(XmlElement::name)
        .containsExactly("presence", "presence", "history-placeholder", "message");
    assertThat(toBob.get(0).attr("from")).isEqualTo(ROOM + "/alice");
    assertThat(statuses(toBob.get(1))).containsExactly(110);
    assertThat(toBob.get(1).attr("id")).isEqualTo("j-bob");
    List<XmlElement> toAlice = to(out, ALICE);
    assertThat(toAlice).hasSize(1);
    assertThat(toAlice.get(0).attr("from")).isEqualTo(ROOM + "/bob");
    // Semi-anonymous by default: alice is a moderator, so she sees bob's real JID; bob does not
    // see hers (he is a participant).
    assertThat(item(toAlice.get(0)).attr("jid")).isEqualTo(BOB);
    assertThat(item(toBob.get(0)).attr("jid")).isNull();
    assertThat(item(toBob.get(1)).attr("role")).isEqualTo("participant");
  }

  @Test
  void join_nonAnonymousRoom_everyoneSeesJidsAndSelfHas100() {
    f.created(ALICE, "alice");
    f.send(configure(ALICE, "muc#roomconfig_whois", "anyone"));
    f.send(join(BOB, "bob"));
    List<XmlElement> out = f.send(join(CAROL, "carol"));
    XmlElement carolSelf = to(out, CAROL).get(2);
    assertThat(statuses(carolSelf)).contains(110, 100);
    assertThat(item(to(out, BOB).get(0)).attr("jid")).isEqualTo(CAROL);
  }

  @Test
  void join_refusals_haveTheXepConditions() {
    f.created(ALICE, "alice");
    assertThat(error(f.send(join(BOB, "alice")).get(0))).isEqualTo("conflict");
    assertThat(error(f.send(join(BOB, "   ")).get(0))).isEqualTo("jid-malformed");
    f.send(configure(ALICE, "muc#roomconfig_passwordprotectedroom", "1", "muc#roomconfig_roomsecret", "s3"));
    assertThat(error(f.send(join(BOB, "bob")).get(0))).isEqualTo("not-authorized");
    assertThat(error(f.send(join(BOB, "bob", new MucJoin("wrong", null, null, null, null))).get(0)))
        .isEqualTo("not-authorized");
    assertThat(to(f.send(join(BOB, "bob", new MucJoin("s3", null, null, null, null))), BOB)).hasSize(4);
    f.send(configure(ALICE, "muc#roomconfig_membersonly", "1"));
    assertThat(error(f.send(join(CAROL, "carol", new MucJoin("s3", null, null, null, null))).get(0)))
        .isEqualTo("registration-required");
  }

  @Test
  void join_fullRoom_isServiceUnavailableButAdminsStillEnter() {
    f.created(ALICE, "alice");
    f.send(configure(ALICE, "muc#roomconfig_maxusers", "2"));
    f.send(join(BOB, "bob"));
    assertThat(error(f.send(join(CAROL, "carol")).get(0))).isEqualTo("service-unavailable");
    f.send(RoomFixture.admin(ALICE, "set", RoomFixture.item("jid", "carol@example.com", "affiliation", "admin")));
    f.send(join(CAROL, "carol"));
    assertThat(f.state.occupants()).hasSize(3);
  }

  @Test
  void join_creationPolicyAndRoomLimit_areNotAllowed() {
    f.settings = MucSettings.defaults().withLimits(2, 10, 30);
    f.roomsCreated = null;
    XmlElement first = join(ALICE, "alice");
    f.send(first);
    assertThat(f.last.countRoomsOf()).isEqualTo("alice@example.com");
    assertThat(f.state.exists()).isFalse();
    f.roomsCreated = 2;
    assertThat(error(f.send(first).get(0))).isEqualTo("not-allowed");
    f.roomsCreated = 1;
    f.send(first);
    assertThat(f.state.exists()).isTrue();
    RoomFixture remote = new RoomFixture();
    assertThat(error(remote.send(join("mallory@elsewhere.org/x", "m")).get(0))).isEqualTo("not-allowed");
  }

  @Test
  void presenceUpdate_isBroadcastWithSelfCopyCarryingTheId() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    XmlElement away = XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", BOB)
        .attr("to", ROOM + "/bob").attr("id", "away1").textChild("show", "away").build();
    List<XmlElement> out = f.send(away);
    assertThat(to(out, BOB)).hasSize(1);
    assertThat(to(out, BOB).get(0).attr("id")).isEqualTo("away1");
    assertThat(to(out, ALICE).get(0).childText("show", Namespaces.JABBER_CLIENT)).contains("away");
    assertThat(f.state.occupant("bob").primary().presence().childText("show", Namespaces.JABBER_CLIENT)).contains("away");
  }

  @Test
  void nickChange_sendsUnavailable303ThenAvailable_andConflictIsRefused() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    assertThat(error(f.send(join(BOB, "alice")).get(0))).isEqualTo("conflict");
    List<XmlElement> out = f.send(join(BOB, "robert"));
    List<XmlElement> toAlice = to(out, ALICE);
    assertThat(toAlice).hasSize(2);
    assertThat(toAlice.get(0).attr("type")).isEqualTo("unavailable");
    assertThat(toAlice.get(0).attr("from")).isEqualTo(ROOM + "/bob");
    assertThat(statuses(toAlice.get(0))).containsExactly(303);
    assertThat(item(toAlice.get(0)).attr("nick")).isEqualTo("robert");
    assertThat(toAlice.get(1).attr("from")).isEqualTo(ROOM + "/robert");
    assertThat(statuses(to(out, BOB).get(0))).containsExactly(110, 303);
    assertThat(f.state.occupant("bob")).isNull();
    assertThat(f.state.occupant("ROBERT").bareJid()).isEqualTo("bob@example.com");
  }

  @Test
  void leave_selfPresence110CarriesId_othersSeeUnavailable_temporaryRoomGoesWithLastOccupant() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    List<XmlElement> out = f.send(presence(BOB, "bob", "unavailable"));
    assertThat(statuses(to(out, BOB).get(0))).containsExactly(110);
    assertThat(to(out, BOB).get(0).attr("id")).isEqualTo("p-bob");
    assertThat(to(out, ALICE).get(0).attr("type")).isEqualTo("unavailable");
    f.send(presence(ALICE, "alice", "unavailable"));
    assertThat(f.last.events()).last().isInstanceOf(RoomDestroyed.class);
    assertThat(f.state.exists()).isFalse();
  }

  @Test
  void leave_persistentRoomStays() {
    f.created(ALICE, "alice");
    f.send(configure(ALICE, "muc#roomconfig_persistentroom", "1"));
    f.send(presence(ALICE, "alice", "unavailable"));
    assertThat(f.state.exists()).isTrue();
    assertThat(f.state.occupants()).isEmpty();
  }

  @Test
  void secondSessionWithSameNick_sharesTheOccupant_andOnlyItsLeaveIsSelf() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    String bob2 = "bob@example.com/phone";
    f.send(join(bob2, "bob"));
    assertThat(f.state.occupant("bob").sessions()).hasSize(2);
    List<XmlElement> out = f.send(presence(bob2, "bob", "unavailable"));
    assertThat(to(out, bob2).get(0).attr("type")).isEqualTo("unavailable");
    assertThat(to(out, ALICE).get(0).attr("type")).isNull(); // bob is still there
    assertThat(f.state.occupant("bob").sessions()).hasSize(1);
  }

  @Test
  void reenter_ofAJoinedSession_resendsTheEntrySequence() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    List<XmlElement> out = f.send(join(BOB, "bob"));
    assertThat(to(out, BOB)).extracting(XmlElement::name)
        .containsExactly("presence", "presence", "history-placeholder", "message");
    assertThat(f.state.occupants()).hasSize(2);
  }

  @Test
  void unreachableSession_leavesWith333() {
    f.created(ALICE, "alice");
    f.send(join(BOB, "bob"));
    Decision d = f.logic.sessionGone(f.ctx(), f.state, BOB);
    d.events().forEach(e -> f.state = f.state.apply(e));
    List<XmlElement> out = RoomFixture.flatten(d);
    assertThat(statuses(to(out, ALICE).get(0))).containsExactly(333);
    assertThat(f.state.occupant("bob")).isNull();
  }
}
