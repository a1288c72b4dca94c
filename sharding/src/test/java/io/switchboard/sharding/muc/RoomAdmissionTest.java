package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.groupchat;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static io.switchboard.sharding.muc.RoomFixture.presence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class RoomAdmissionTest {
  private static final String ALICE = "alice@example.com/phone";

  private static MucRoom.Inbound in(XmlElement stanza) {
    return new MucRoom.Inbound(stanza, null, "pekko://sb@node1:1");
  }

  @Test
  void admit_upToTheLimit_thenRefuses_andTakenMakesRoom() {
    RoomAdmission a = new RoomAdmission(2);
    MucRoom.Inbound first = in(groupchat(ALICE, "m1", "a"));
    assertThat(a.admit(first)).isEqualTo(RoomAdmission.Verdict.ADMIT);
    assertThat(a.admit(in(groupchat(ALICE, "m2", "b")))).isEqualTo(RoomAdmission.Verdict.ADMIT);
    assertThat(a.admit(in(groupchat(ALICE, "m3", "c")))).isEqualTo(RoomAdmission.Verdict.REFUSE);
    assertThat(a.admit(first)).as("the same stanza again, out of a stash").isEqualTo(RoomAdmission.Verdict.ADMIT);
    a.taken(first);
    assertThat(a.backlog()).isEqualTo(1);
    assertThat(a.admit(in(groupchat(ALICE, "m4", "d")))).isEqualTo(RoomAdmission.Verdict.ADMIT);
    assertThat(a.refused()).isEqualTo(1);
  }

  @Test
  void admit_aLeaveOrAnError_isLetInUpToTwiceTheLimit_thenDropped() {
    RoomAdmission a = new RoomAdmission(1);
    assertThat(a.admit(in(join(ALICE, "alice")))).isEqualTo(RoomAdmission.Verdict.ADMIT);
    assertThat(a.admit(in(join("bob@example.com/b", "bob")))).isEqualTo(RoomAdmission.Verdict.REFUSE);
    assertThat(a.admit(in(presence(ALICE, "alice", "unavailable")))).isEqualTo(RoomAdmission.Verdict.ADMIT);
    XmlElement error = groupchat(ALICE, "e1", null).withAttribute("type", "error");
    assertThat(a.admit(in(error))).isEqualTo(RoomAdmission.Verdict.DROP);
    assertThat(a.dropped()).isEqualTo(1);
  }

  @Test
  void refusal_ofAJoin_isAnErrorPresenceFromTheOccupantJid_withItsX_typeWait() {
    XmlElement refusal = RoomAdmission.refusal(join(ALICE, "alice")).orElseThrow();
    assertThat(refusal.name()).isEqualTo("presence");
    assertThat(refusal.attr("type")).isEqualTo("error");
    assertThat(refusal.attr("from")).isEqualTo(ROOM + "/alice");
    assertThat(refusal.attr("to")).isEqualTo(ALICE);
    assertThat(refusal.child("x", Namespaces.MUC)).isPresent();
    assertThat(RoomFixture.error(refusal)).isEqualTo("resource-constraint");
    assertThat(refusal.child("error", refusal.namespace()).orElseThrow().attr("type")).isEqualTo("wait");
  }

  @Test
  void refusal_ofAMessage_isResourceConstraint_andNoneForAnErrorOrALeave() {
    XmlElement refusal = RoomAdmission.refusal(groupchat(ALICE, "m1", "hi")).orElseThrow();
    assertThat(refusal.attr("type")).isEqualTo("error");
    assertThat(refusal.attr("id")).isEqualTo("m1");
    assertThat(RoomFixture.error(refusal)).isEqualTo("resource-constraint");
    assertThat(RoomAdmission.refusal(refusal.withAttribute("from", ALICE))).isEmpty();
    assertThat(RoomAdmission.refusal(presence(ALICE, "alice", "unavailable"))).isEmpty();
  }

  @Test
  void logDue_atMostOncePerPeriod_withTheCountsSinceTheLastReport() {
    RoomAdmission a = new RoomAdmission(1);
    a.admit(in(groupchat(ALICE, "m1", "a")));
    a.admit(in(groupchat(ALICE, "m2", "b")));
    assertThat(a.logDue(1_000)).hasValueSatisfying(c -> assertThat(c).containsExactly(1, 0));
    a.admit(in(groupchat(ALICE, "m3", "c")));
    assertThat(a.logDue(2_000)).isEmpty();
    assertThat(a.logDue(1_000 + RoomAdmission.LOG_EVERY_MILLIS)).hasValueSatisfying(c -> assertThat(c).containsExactly(1, 0));
  }

  @Test
  void maxBacklog_fromConfig_mustBeAtMostHalfTheStash_elseStartUpFailsNamingTheKey() {
    Config base = ConfigFactory.defaultReference();
    assertThat(MucSettings.fromConfig(base).maxBacklog()).isEqualTo(1000);
    Config small = ConfigFactory.parseString("pekko.persistence.typed.stash-capacity = 1000").withFallback(base);
    assertThatThrownBy(() -> MucSettings.fromConfig(small)).hasMessageContaining("switchboard.muc.max-backlog");
    Config fits = ConfigFactory.parseString("switchboard.muc.max-backlog = 500").withFallback(small);
    assertThat(MucSettings.fromConfig(fits).maxBacklog()).isEqualTo(500);
  }
}
