package io.switchboard.bench.scenario.muc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Whether each room is open to this process's joins yet, shared by the event loops. A room that
 * does not exist is created by the first join and is locked (XEP-0045 §10.1.1, steps 2 and 6): the
 * service lets nobody else in, answering {@code <item-not-found/>}, until its owner's configuration
 * form (or instant-room form) is accepted. So the first session of a room to come online goes
 * first ({@link Turn#FIRST}); the others wait ({@link Turn#WAIT}) until {@link #open} says the
 * room took the first one without locking it, or accepted its configuration, or that the first one
 * gave up; a room already open is joined at once ({@link Turn#OPEN}). Only this process's sessions
 * are ordered: with shards, another process's first session may still find the room locked.
 */
public final class RoomOpenings {
  /** What a session entering its room does now. */
  public enum Turn {
    /** Join now: the caller is the room's first session here and may create (and configure) it. */
    FIRST,
    /** Join now: the room is open. */
    OPEN,
    /** Do not join yet: the join given to {@link #enter} runs on its loop when the room opens. */
    WAIT
  }

  private record Waiter(Executor loop, Runnable join) {}

  private final boolean[] claimed;
  private final boolean[] open;
  private final List<List<Waiter>> waiting;

  public RoomOpenings(int rooms) {
    claimed = new boolean[rooms];
    open = new boolean[rooms];
    waiting = new ArrayList<>(rooms);
    for (int i = 0; i < rooms; i++) {
      waiting.add(new ArrayList<>());
    }
  }

  /**
   * A session enters {@code room}: {@code join} is kept for later, to run on {@code loop}, only
   * when the answer is {@link Turn#WAIT}.
   */
  public synchronized Turn enter(int room, Executor loop, Runnable join) {
    if (open[room]) {
      return Turn.OPEN;
    }
    if (!claimed[room]) {
      claimed[room] = true;
      return Turn.FIRST;
    }
    waiting.get(room).add(new Waiter(loop, join));
    return Turn.WAIT;
  }

  /** The room lets others in (or its first session gave up): the waiting joins go, each on its loop. */
  public void open(int room) {
    List<Waiter> go;
    synchronized (this) {
      if (open[room]) {
        return;
      }
      open[room] = true;
      go = List.copyOf(waiting.get(room));
      waiting.get(room).clear();
    }
    go.forEach(w -> w.loop().execute(w.join()));
  }

  public synchronized boolean isOpen(int room) {
    return open[room];
  }
}
