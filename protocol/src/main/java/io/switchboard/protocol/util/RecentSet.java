package io.switchboard.protocol.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sets that remember only their newest entries: deduplication windows ("was this receipt or id
 * seen lately?") that must not grow without bound. Not thread-safe; callers own the locking.
 */
public final class RecentSet {
  private RecentSet() {}

  /** A set holding at most {@code capacity} elements; adding one more evicts the oldest. */
  public static <T> Set<T> of(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    return Collections.newSetFromMap(new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
        return size() > capacity;
      }
    });
  }
}
