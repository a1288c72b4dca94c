package io.switchboard.bench.scenario.muc;

import io.switchboard.bench.scenario.MucSettings;
import io.switchboard.bench.scenario.UserRange;

/**
 * Which user sits in which room: the run's users in order fill room 0 with {@code roomSize}
 * occupants, then room 1, and so on up to {@code rooms}; users beyond stay out of every room.
 * Every shard computes the same plan from the whole user range. Nicknames are {@code u<user>},
 * unique in the run.
 */
public record RoomPlan(UserRange users, int roomSize, int rooms, String roomPrefix, String service) {

  public static RoomPlan of(UserRange users, MucSettings settings, String domain) {
    return new RoomPlan(users, settings.roomSize(), settings.rooms(), settings.roomPrefix(),
        settings.serviceFor(domain));
  }

  /** The room of {@code user}, or -1 when the user is in none. */
  public int roomOf(int user) {
    long index = (long) user - users.firstUser();
    if (index < 0 || index >= users.totalUsers()) {
      return -1;
    }
    long room = index / roomSize;
    return room < rooms ? (int) room : -1;
  }

  /** Occupants room {@code room} gets when every user of the run is online. */
  public int plannedOccupants(int room) {
    long first = (long) room * roomSize;
    return (int) Math.max(0, Math.min(roomSize, users.totalUsers() - first));
  }

  public String roomJid(int room) {
    return roomPrefix + "-s" + roomSize + "-" + room + "@" + service;
  }

  public static String nick(int user) {
    return "u" + user;
  }

  /** The room index in a bare room JID of this plan, or -1 when it is not one of its rooms. */
  public int roomIndex(String bareRoomJid) {
    String head = roomPrefix + "-s" + roomSize + "-";
    String tail = "@" + service;
    if (bareRoomJid == null || !bareRoomJid.startsWith(head) || !bareRoomJid.endsWith(tail)) {
      return -1;
    }
    String digits = bareRoomJid.substring(head.length(), bareRoomJid.length() - tail.length());
    if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int room = Integer.parseInt(digits);
    return room < rooms ? room : -1;
  }
}
