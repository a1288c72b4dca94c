package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.admin;
import static io.switchboard.sharding.muc.RoomFixture.configure;
import static io.switchboard.sharding.muc.RoomFixture.error;
import static io.switchboard.sharding.muc.RoomFixture.item;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static io.switchboard.sharding.muc.RoomFixture.statuses;
import static io.switchboard.sharding.muc.RoomFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.Affiliation;
import io.switchboard.protocol.muc.Role;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles and affiliations through muc#admin, with the permission tables of XEP-0045 §5.1.3/§5.2.3. */
class ModerationTest {
  private static final String OWNER = "owner@example.com/o";
  private static final String ADMIN = "admin@example.com/a";
  private static final String MOD = "mod@example.com/m";
  private static final String USER = "user@example.com/u";

  private final RoomFixture f = new RoomFixture();

  @BeforeEach
  void room() {
    f.created(OWNER, "owner");
    f.send(configure(OWNER, "muc#roomconfig_moderatedroom", "1"));
    f.send(admin(OWNER, "set", item("jid", "admin@example.com", "affiliation", "admin")));
    f.send(join(ADMIN, "admin"));
    f.send(join(MOD, "mod"));
    f.send(join(USER, "user"));
    f.send(admin(OWNER, "set", item("nick", "mod", "role", "moderator")));
  }

  @Test
  void defaultRoles_followAffiliationsInAModeratedRoom() {
    assertThat(f.state.occupant("owner").role()).isEqualTo(Role.MODERATOR);
    assertThat(f.state.occupant("admin").role()).isEqualTo(Role.MODERATOR);
    assertThat(f.state.occupant("user").role()).isEqualTo(Role.VISITOR);
  }

  @Test
  void voice_grantedByModerator_isBroadcastToEveryone() {
    List<XmlElement> out = f.send(admin(MOD, "set", item("nick", "user", "role", "participant")));
    assertThat(f.state.occupant("user").role()).isEqualTo(Role.PARTICIPANT);
    assertThat(item(to(out, OWNER).get(0)).attr("role")).isEqualTo("participant");
    assertThat(statuses(to(out, USER).get(0))).contains(110);
    assertThat(to(out, MOD).stream().filter(s -> s.name().equals("iq"))).hasSize(1);
  }

  @Test
  void higherAffiliations_keepTheirRoles_notAllowed() {
    assertThat(error(f.send(admin(MOD, "set", item("nick", "owner", "role", "visitor"))).get(0))).isEqualTo("not-allowed");
    assertThat(error(f.send(admin(MOD, "set", item("nick", "admin", "role", "participant"))).get(0))).isEqualTo("not-allowed");
    assertThat(error(f.send(admin(ADMIN, "set", item("nick", "owner", "role", "participant"))).get(0))).isEqualTo("not-allowed");
    // An owner may act on an admin.
    f.send(admin(OWNER, "set", item("nick", "admin", "role", "participant")));
    assertThat(f.state.occupant("admin").role()).isEqualTo(Role.PARTICIPANT);
  }

  @Test
  void moderatorRole_isGrantedOnlyByAdmins_forbidden() {
    assertThat(error(f.send(admin(MOD, "set", item("nick", "user", "role", "moderator"))).get(0))).isEqualTo("forbidden");
    assertThat(error(f.send(admin(USER, "set", item("nick", "mod", "role", "participant"))).get(0))).isEqualTo("forbidden");
  }

  @Test
  void kick_removesWith307ActorAndReason() {
    XmlElement kick = XmlElement.builder("item", Namespaces.MUC_ADMIN).attr("nick", "user").attr("role", "none")
        .textChild("reason", "spam").build();
    List<XmlElement> out = f.send(admin(MOD, "set", kick));
    assertThat(f.state.occupant("user")).isNull();
    XmlElement self = to(out, USER).get(0);
    assertThat(self.attr("type")).isEqualTo("unavailable");
    assertThat(statuses(self)).containsExactly(110, 307);
    assertThat(item(self).childText("reason", Namespaces.MUC_USER)).contains("spam");
    assertThat(item(self).child("actor", Namespaces.MUC_USER).map(a -> a.attr("nick"))).contains("mod");
    assertThat(statuses(to(out, OWNER).get(0))).containsExactly(307);
  }

  @Test
  void ban_removesWith301_andTheOutcastCannotReenter() {
    List<XmlElement> out = f.send(admin(ADMIN, "set", item("jid", "user@example.com", "affiliation", "outcast")));
    assertThat(statuses(to(out, USER).get(0))).containsExactly(110, 301);
    assertThat(f.state.affiliation("user@example.com")).isEqualTo(Affiliation.OUTCAST);
    assertThat(error(f.send(join(USER, "user")).get(0))).isEqualTo("forbidden");
  }

  @Test
  void adminCannotChangeOwner_andTheLastOwnerStays() {
    assertThat(error(f.send(admin(ADMIN, "set", item("jid", "owner@example.com", "affiliation", "member"))).get(0)))
        .isEqualTo("not-allowed");
    assertThat(error(f.send(admin(ADMIN, "set", item("jid", "user@example.com", "affiliation", "admin"))).get(0)))
        .isEqualTo("forbidden");
    assertThat(error(f.send(admin(OWNER, "set", item("jid", "owner@example.com", "affiliation", "admin"))).get(0)))
        .isEqualTo("conflict");
  }

  @Test
  void revokingMembership_inMembersOnlyRoom_removesWith321() {
    f.send(admin(OWNER, "set", item("jid", "user@example.com", "affiliation", "member")));
    f.send(admin(OWNER, "set", item("jid", "mod@example.com", "affiliation", "member")));
    f.send(configure(OWNER, "muc#roomconfig_membersonly", "1"));
    List<XmlElement> out = f.send(admin(OWNER, "set", item("jid", "user@example.com", "affiliation", "none")));
    assertThat(statuses(to(out, USER).get(0))).containsExactly(110, 321);
    assertThat(f.state.occupant("user")).isNull();
  }

  @Test
  void becomingMembersOnly_removesNonMembersWith322() {
    List<XmlElement> out = f.send(configure(OWNER, "muc#roomconfig_membersonly", "1"));
    XmlElement self = to(out, USER).stream().filter(p -> p.attr("from").endsWith("/user")).findFirst().orElseThrow();
    assertThat(statuses(self)).containsExactly(110, 322);
    assertThat(f.state.occupant("user")).isNull();
    assertThat(f.state.occupant("admin")).isNotNull();
  }

  @Test
  void lists_byAffiliationAndRole() {
    List<XmlElement> out = f.send(admin(ADMIN, "get", item("affiliation", "admin", null, null)));
    XmlElement q = out.get(0).child("query", Namespaces.MUC_ADMIN).orElseThrow();
    assertThat(q.elements("item", Namespaces.MUC_ADMIN)).extracting(e -> e.attr("jid")).containsExactly("admin@example.com");
    out = f.send(admin(MOD, "get", item("role", "moderator", null, null)));
    assertThat(out.get(0).child("query", Namespaces.MUC_ADMIN).orElseThrow().elements("item", Namespaces.MUC_ADMIN))
        .extracting(e -> e.attr("nick")).containsExactlyInAnyOrder("owner", "admin", "mod");
    assertThat(error(f.send(admin(USER, "get", item("affiliation", "outcast", null, null))).get(0))).isEqualTo("forbidden");
  }

  @Test
  void setWithSeveralItems_isAllOrNothing() {
    List<XmlElement> out = f.send(admin(MOD, "set", item("nick", "user", "role", "participant"),
        item("nick", "owner", "role", "visitor")));
    assertThat(error(out.get(0))).isEqualTo("not-allowed");
    assertThat(f.state.occupant("user").role()).isEqualTo(Role.VISITOR);
  }
}
