package io.switchboard.sharding.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serialised size of a node's items, for its byte quota (issue #23 F9). Items are immutable,
 * so each one's size is computed once and remembered by identity; the memory holds only the
 * node's current items (those of the last call). One per node entity; not thread-safe, as the
 * entity is single-threaded.
 */
final class ItemBytes {
  private Map<Item, Integer> sizes = new IdentityHashMap<>();

  /** UTF-8 bytes of every item of {@code items} (id and payload). */
  long total(List<Item> items) {
    Map<Item, Integer> next = new IdentityHashMap<>(Math.max(4, items.size() * 2));
    long sum = 0;
    for (Item i : items) {
      Integer known = sizes.get(i);
      int size = known != null ? known : of(i);
      next.put(i, size);
      sum += size;
    }
    sizes = next;
    return sum;
  }

  /** Its recorded size, or (an old item, recorded without) computed from its inline payload. */
  static int of(Item item) {
    return item.bytes() > 0 ? item.bytes() : measure(item);
  }

  /** UTF-8 bytes of its id and payload. */
  static int measure(Item item) {
    int payload = item.payload() == null ? 0
        : item.payload().toXml().getBytes(StandardCharsets.UTF_8).length;
    return item.id().length() + payload;
  }
}
