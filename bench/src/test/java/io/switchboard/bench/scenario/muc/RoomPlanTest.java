package io.switchboard.bench.scenario.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.scenario.MucSettings;
import io.switchboard.bench.scenario.UserRange;
import org.junit.jupiter.api.Test;

class RoomPlanTest {
  private static RoomPlan plan(int first, int users, int size, int rooms, String service) {
    return RoomPlan.of(UserRange.shard(first, users, 1, 1),
        new MucSettings(service, size, rooms, "bench", 1, 30, 120), "example.test");
  }

  @Test
  void roomOf_usersFillRoomsInOrder() {
    RoomPlan plan = plan(101, 35, 10, 3, null);

    assertThat(plan.roomOf(101)).isZero();
    assertThat(plan.roomOf(110)).isZero();
    assertThat(plan.roomOf(111)).isEqualTo(1);
    assertThat(plan.roomOf(130)).isEqualTo(2);
    assertThat(plan.roomOf(131)).as("beyond rooms x size").isEqualTo(-1);
    assertThat(plan.roomOf(100)).as("before the range").isEqualTo(-1);
    assertThat(plan.roomOf(136)).as("after the range").isEqualTo(-1);
  }

  @Test
  void plannedOccupants_lastRoomShortWhenUsersRunOut() {
    RoomPlan plan = plan(1, 25, 10, 4, null);

    assertThat(plan.plannedOccupants(0)).isEqualTo(10);
    assertThat(plan.plannedOccupants(2)).isEqualTo(5);
    assertThat(plan.plannedOccupants(3)).isZero();
  }

  @Test
  void roomJid_defaultServiceAndOwnService() {
    assertThat(plan(1, 10, 10, 1, null).roomJid(0)).isEqualTo("bench-s10-0@conference.example.test");
    assertThat(plan(1, 10, 10, 1, "muc.example.test").roomJid(0)).isEqualTo("bench-s10-0@muc.example.test");
  }

  @Test
  void roomIndex_onlyThisPlansRooms() {
    RoomPlan plan = plan(1, 2000, 100, 20, null);

    assertThat(plan.roomIndex("bench-s100-7@conference.example.test")).isEqualTo(7);
    assertThat(plan.roomIndex(plan.roomJid(19))).isEqualTo(19);
    assertThat(plan.roomIndex("bench-s100-20@conference.example.test")).as("not a room of the plan").isEqualTo(-1);
    assertThat(plan.roomIndex("bench-s10-7@conference.example.test")).isEqualTo(-1);
    assertThat(plan.roomIndex("bench-s100-7@pubsub.example.test")).isEqualTo(-1);
    assertThat(plan.roomIndex("bench-s100-x@conference.example.test")).isEqualTo(-1);
    assertThat(plan.roomIndex("bench-s100-@conference.example.test")).isEqualTo(-1);
    assertThat(plan.roomIndex(null)).isEqualTo(-1);
  }

  @Test
  void roomOf_sameForEveryShard() {
    MucSettings settings = new MucSettings(null, 10, 5, "bench", 1, 30, 120);
    RoomPlan shard1 = RoomPlan.of(UserRange.shard(1, 50, 1, 2), settings, "example.test");
    RoomPlan shard2 = RoomPlan.of(UserRange.shard(1, 50, 2, 2), settings, "example.test");

    assertThat(shard1.roomOf(31)).isEqualTo(shard2.roomOf(31)).isEqualTo(3);
  }
}
