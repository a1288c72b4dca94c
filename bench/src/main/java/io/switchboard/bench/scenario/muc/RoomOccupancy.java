package io.switchboard.bench.scenario.muc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Occupants this process has in each room (self-presence received, not yet left), shared by the
 * event loops: a groupchat message sent to room r is expected to reach {@link #in(int)} copies here.
 */
public final class RoomOccupancy {
  private final AtomicIntegerArray perRoom;
  private final AtomicInteger total = new AtomicInteger();

  public RoomOccupancy(int rooms) {
    perRoom = new AtomicIntegerArray(rooms);
  }

  public void entered(int room) {
    perRoom.incrementAndGet(room);
    total.incrementAndGet();
  }

  public void left(int room) {
    perRoom.decrementAndGet(room);
    total.decrementAndGet();
  }

  public int in(int room) {
    return perRoom.get(room);
  }

  public int total() {
    return total.get();
  }
}
