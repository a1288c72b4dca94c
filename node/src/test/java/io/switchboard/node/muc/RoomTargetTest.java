package io.switchboard.node.muc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomTargetTest {
  private static final String SERVICE = "conference.example.com";

  @Test
  void problem_validRoomAndVenue_none() {
    assertThat(RoomTarget.problem("lobby", null, SERVICE)).isEmpty();
    assertThat(RoomTarget.problem("lobby", "next@" + SERVICE, SERVICE)).isEmpty();
  }

  @Test
  void problem_nameThatPrecisWouldChangeOrThatIsNoLocalpart_isNotARoom() {
    assertThat(RoomTarget.problem("Lobby", null, SERVICE)).hasValue("not a room name: Lobby");
    assertThat(RoomTarget.problem("a@b", null, SERVICE)).hasValueSatisfying(p -> assertThat(p).startsWith("not a room"));
    assertThat(RoomTarget.problem("", null, SERVICE)).hasValueSatisfying(p -> assertThat(p).startsWith("not a room"));
    assertThat(RoomTarget.problem("a/b", null, SERVICE)).hasValueSatisfying(p -> assertThat(p).startsWith("not a room"));
  }

  @Test
  void problem_alternateNotAJid_saysSo() {
    assertThat(RoomTarget.problem("lobby", "@@", SERVICE)).hasValue("the alternate venue is not a JID");
  }
}
