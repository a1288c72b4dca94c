package io.switchboard.protocol.util;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sets that remember only their newest entries: deduplication windows ("was this receipt or id
 * seen lately?") that must not grow without bound. Not thread-safe; callers own the locking.
 *
 * <p>Every session holds a few of these and most never see an entry (an idle session), so the
 * backing map is created by the first {@link #add}: an empty set is one small object.
 */
public final class RecentSet<T> extends AbstractSet<T> {
  private final int capacity;
  private Map<T, Boolean> entries;

  private RecentSet(int capacity) {
    this.capacity = capacity;
  }

  /** A set holding at most {@code capacity} elements; adding one more evicts the oldest. */
  public static <T> Set<T> of(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    return new RecentSet<>(capacity);
  }

  /**
   * A map holding at most {@code capacity} entries in insertion order; putting one more evicts
   * the oldest. The bounded store behind every {@link RecentSet}, for callers that need values.
   */
  public static <K, V> Map<K, V> boundedMap(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public boolean add(T element) {
    if (entries == null) {
      entries = boundedMap(capacity);
    }
    return entries.put(element, Boolean.TRUE) == null;
  }

  @Override
  public boolean contains(Object element) {
    return entries != null && entries.containsKey(element);
  }

  @Override
  public boolean remove(Object element) {
    return entries != null && entries.remove(element) != null;
  }

  @Override
  public void clear() {
    entries = null;
  }

  @Override
  public int size() {
    return entries == null ? 0 : entries.size();
  }

  /** Oldest first. */
  @Override
  public Iterator<T> iterator() {
    return entries == null ? Collections.emptyIterator() : entries.keySet().iterator();
  }
}
