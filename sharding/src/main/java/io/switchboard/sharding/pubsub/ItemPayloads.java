package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.FeedItemsPublished;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.Reply;
import io.switchboard.sharding.pubsub.PubSubNode.NodeDeleted;
import io.switchboard.sharding.pubsub.PubSubNode.NodePurged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's side of its {@link ItemStore} (issue #23 F9): gives a new item its ref, reads the
 * payloads of items beyond the cache (one batched read per request), and deletes the rows the
 * node's events stopped referring to. The entity's state holds the refs; this class holds
 * nothing. Reads complete on a driver thread: what they produce (an answer, a message to route)
 * is sent from there, without re-entering the entity, as it changes no state.
 */
final class ItemPayloads {
  private static final Logger log = LoggerFactory.getLogger(ItemPayloads.class);

  private final String service;
  private final String node;
  private final ItemStore store;
  private final Clock clock;

  ItemPayloads(String service, String node, ItemStore store, Clock clock) {
    this.service = service;
    this.node = node;
    this.store = store;
    this.clock = clock;
  }

  /**
   * {@code item} as the node keeps it: with a new ref (a random UUID, never reused, so a row is
   * never overwritten) and its size when its payload goes to the store; as it is otherwise.
   */
  Item keep(Item item) {
    if (!store.external() || item.payload() == null) {
      return item;
    }
    return new Item(item.id(), item.publisher(), item.payload(), item.stamp(),
        UUID.randomUUID().toString(), ItemBytes.measure(item));
  }

  /** Those of {@code items} whose payloads go to the store (before their event is written). */
  static List<Item> toStore(List<Item> items) {
    return items.stream().filter(i -> i.ref() != null).toList();
  }

  /**
   * {@code items} with every payload present: those not cached are read in one batched read. An
   * item whose row is missing (which a crash cannot cause: rows are written before their event)
   * comes back without payload, logged.
   */
  CompletionStage<List<Item>> fill(List<Item> items) {
    Set<String> missing = new HashSet<>();
    for (Item i : items) {
      if (!i.cached()) {
        missing.add(i.ref());
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(items);
    }
    return store.read(service, node, missing).thenApply(found -> filled(items, found));
  }

  private List<Item> filled(List<Item> items, Map<String, XmlElement> found) {
    List<Item> out = new ArrayList<>(items.size());
    for (Item i : items) {
      if (i.cached()) {
        out.add(i);
        continue;
      }
      XmlElement p = found.get(i.ref());
      if (p == null) {
        log.warn("{}/{}: no stored payload for item {} (ref {})", service, node, i.id(), i.ref());
        out.add(i);
      } else {
        out.add(i.withPayload(p));
      }
    }
    return out;
  }

  /**
   * Answers {@code replyTo} with {@code render} of {@code items} once their payloads are read;
   * with {@code failed} (internal-server-error, wait) when the read fails.
   */
  void answer(ActorRef<Reply> replyTo, List<Item> items, Function<List<Item>, XmlElement> render,
      XmlElement failed) {
    fill(items).whenComplete((full, e) -> {
      XmlElement answer = failed;
      if (e != null) {
        log.warn("{}/{}: reading item payloads failed: {}", service, node, e.toString());
      } else {
        try {
          answer = render.apply(full);
        } catch (RuntimeException r) {
          log.warn("{}/{}: answering with stored items failed", service, node, r);
        }
      }
      replyTo.tell(new Reply(answer));
    });
  }

  /**
   * After {@code written} took the node from {@code before} to {@code after}: deletes the rows of
   * the items no longer referred to (retracted, purged, replaced, beyond max_items, node deleted),
   * including those published and dropped within the same write. Fire and forget: a failed
   * delete leaves an unreferenced row, harmless (see {@link PubSubNode}). A purge or delete also
   * sweeps the rows no event ever referred to (a crash between storing and persisting), stamped
   * before now, except those the node holds: no publish is in flight while this runs, and any
   * later one is stamped from now on.
   */
  void release(NodeState before, List<Event> written, NodeState after) {
    if (!store.external()) {
      return;
    }
    if (written.stream().anyMatch(e -> e instanceof NodePurged || e instanceof NodeDeleted)) {
      Set<String> keep = new HashSet<>();
      after.items().forEach(i -> addRef(keep, i));
      store.sweep(service, node, clock.instant(), keep).whenComplete((n, e) -> {
        if (e != null) {
          log.warn("{}/{}: sweeping unreferenced item payloads failed: {}", service, node,
              e.toString());
        } else if (n > 0) {
          log.info("{}/{}: swept {} unreferenced item payloads", service, node, n);
        }
      });
    }
    Set<String> gone = new HashSet<>();
    before.items().forEach(i -> addRef(gone, i));
    for (Event e : written) {
      if (e instanceof ItemPublished p) {
        addRef(gone, p.item());
      } else if (e instanceof FeedItemsPublished f) {
        f.items().forEach(i -> addRef(gone, i));
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    after.items().forEach(i -> gone.remove(i.ref()));
    if (gone.isEmpty()) {
      return;
    }
    store.delete(service, node, gone).whenComplete((ok, e) -> {
      if (e != null) {
        log.warn("{}/{}: deleting {} item payloads failed (left unreferenced): {}", service, node,
            gone.size(), e.toString());
      }
    });
  }

  private static void addRef(Set<String> refs, Item i) {
    if (i.ref() != null) {
      refs.add(i.ref());
    }
  }
}
