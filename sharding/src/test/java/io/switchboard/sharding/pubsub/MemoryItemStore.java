package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link ItemStore} in a map, for tests of one entity: writes and reads can be made to fail. */
final class MemoryItemStore implements ItemStore {
  final Map<String, XmlElement> rows = new ConcurrentHashMap<>();
  final Map<String, java.time.Instant> stamps = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();
  volatile boolean failWrites;
  volatile boolean failReads;

  @Override
  public CompletionStage<Void> write(String service, String node, List<Item> items) {
    if (failWrites) {
      return CompletableFuture.failedFuture(new IllegalStateException("store down (test)"));
    }
    for (Item i : items) {
      if (rows.putIfAbsent(service + "/" + node + "/" + i.ref(), i.payload()) != null) {
        throw new AssertionError("a row was overwritten: " + i.ref());
      }
      stamps.put(service + "/" + node + "/" + i.ref(), i.stamp());
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Map<String, XmlElement>> read(String service, String node,
      Collection<String> refs) {
    reads.incrementAndGet();
    if (failReads) {
      return CompletableFuture.failedFuture(new IllegalStateException("store down (test)"));
    }
    Map<String, XmlElement> out = new HashMap<>();
    for (String ref : refs) {
      XmlElement p = rows.get(service + "/" + node + "/" + ref);
      if (p != null) {
        out.put(ref, p);
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public CompletionStage<Integer> sweep(String service, String node, java.time.Instant before,
      java.util.Set<String> keep) {
    int n = 0;
    String prefix = service + "/" + node + "/";
    for (String key : List.copyOf(rows.keySet())) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      String ref = key.substring(prefix.length());
      if (!keep.contains(ref) && stamps.get(key).isBefore(before)) {
        rows.remove(key);
        n++;
      }
    }
    return CompletableFuture.completedFuture(n);
  }

  @Override
  public CompletionStage<Void> delete(String service, String node, Collection<String> refs) {
    refs.forEach(ref -> rows.remove(service + "/" + node + "/" + ref));
    return CompletableFuture.completedFuture(null);
  }
}
