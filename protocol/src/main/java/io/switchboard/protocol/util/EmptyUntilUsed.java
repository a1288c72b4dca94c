package io.switchboard.protocol.util;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps and sets held in a field that is the shared immutable empty collection ({@code Map.of()},
 * {@code Set.of()}) while it has no element, so a holder that is idle most of its life (a session)
 * keeps no collection object. The field is reassigned with what these return:
 * {@code tickets = EmptyUntilUsed.put(tickets, k, v)}. A mutable collection is created by the
 * first element (insertion-ordered) and dropped again when the last one goes. Calling
 * {@code remove} on the empty one directly would throw, which is why removal goes through here
 * too. Not thread-safe; callers own the locking.
 */
public final class EmptyUntilUsed {
  private EmptyUntilUsed() {}

  public static <K, V> Map<K, V> put(Map<K, V> map, K key, V value) {
    Map<K, V> target = map.isEmpty() ? new LinkedHashMap<>(4) : map;
    target.put(key, value);
    return target;
  }

  public static <K, V> Map<K, V> remove(Map<K, V> map, Object key) {
    if (map.isEmpty()) {
      return map;
    }
    if (!(map instanceof LinkedHashMap)) { // a single entry held by putSmall
      return map.containsKey(key) ? Map.of() : map;
    }
    map.remove(key);
    return map.isEmpty() ? Map.of() : map;
  }

  /**
   * As {@link #put}, for a map that usually holds one entry (one resource's XEP-0198 ticket): that
   * entry is an immutable one-entry map (24 bytes, against about 130 for an insertion-ordered map
   * with one entry); a second key turns it into the mutable map. Only for fields that are changed
   * through {@link #putSmall} and {@link #remove} alone, never in place.
   */
  public static <K, V> Map<K, V> putSmall(Map<K, V> map, K key, V value) {
    if (map.isEmpty() || (map.size() == 1 && !(map instanceof LinkedHashMap) && map.containsKey(key))) {
      return Map.of(key, value);
    }
    Map<K, V> target = map instanceof LinkedHashMap ? map : new LinkedHashMap<>(map);
    target.put(key, value);
    return target;
  }

  public static <T> Set<T> add(Set<T> set, T element) {
    Set<T> target = set.isEmpty() ? new LinkedHashSet<>(4) : set;
    target.add(element);
    return target;
  }

  public static <T> Set<T> remove(Set<T> set, Object element) {
    if (set.isEmpty()) {
      return set;
    }
    set.remove(element);
    return set.isEmpty() ? Set.of() : set;
  }
}
