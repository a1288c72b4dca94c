package io.switchboard.node.clusterpage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent cluster events the page lists (member up, left, removed, unreachable, downed,
 * leader changes, shard moves), newest first, at most {@code capacity} of them; and when each
 * member was seen Up. Thread-safe: the event listener writes, the route reads.
 */
public final class ClusterEventLog {
  /** One event: {@code kind} such as {@code up} or {@code unreachable}, the member it is about. */
  public record Entry(Instant at, String kind, String member, String detail) {}

  private final int capacity;
  private final Clock clock;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final Map<String, Instant> upSince = new HashMap<>();

  public ClusterEventLog(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Records an event now; {@code up} also marks the member Up since now, {@code removed} forgets it. */
  public synchronized void record(String kind, String member, String detail) {
    Instant now = clock.instant();
    if ("up".equals(kind)) {
      upSince.putIfAbsent(member, now);
    } else if ("removed".equals(kind)) {
      upSince.remove(member);
    }
    entries.addFirst(new Entry(now, kind, member, detail));
    while (entries.size() > capacity) {
      entries.removeLast();
    }
  }

  /** The events, newest first. */
  public synchronized List<Entry> recent() {
    return new ArrayList<>(entries);
  }

  /** When {@code member} was seen Up, or null. */
  public synchronized Instant upSince(String member) {
    return upSince.get(member);
  }
}
