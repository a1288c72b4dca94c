package io.switchboard.sharding.pubsub;

import io.switchboard.sharding.pubsub.PubSubNode.AffiliationSet;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.FeedItemsPublished;
import io.switchboard.sharding.pubsub.PubSubNode.ItemPublished;
import io.switchboard.sharding.pubsub.PubSubNode.ItemRetracted;
import io.switchboard.sharding.pubsub.PubSubNode.NodeConfigured;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.NodeDeleted;
import io.switchboard.sharding.pubsub.PubSubNode.NodePurged;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionRemoved;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionSaved;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persisted state of one node. {@code config} is null while the node does not exist (never
 * created, or deleted). Items are oldest first and never more than {@code config.maxItems()};
 * subscriptions are keyed by subid, affiliations by bare JID (NONE is never stored).
 */
public record NodeState(
    NodeConfig config,
    Instant createdAt,
    String creator,
    Map<String, Affiliation> affiliations,
    Map<String, NodeSubscription> subscriptions,
    List<Item> items,
    FeedMark feedMark) implements CborSerializable {

  public static final NodeState ABSENT =
      new NodeState(null, null, null, Map.of(), Map.of(), List.of(), null);

  /**
   * The highest batch of its feed ({@code source}, the node's {@code pubsub#feed_url}) the node
   * has published: a batch handed over again (after a crash of the feed's node) is acknowledged
   * without publishing it twice. Null when no feed has published here since the feed was set.
   */
  public record FeedMark(String source, long seq) implements CborSerializable {}

  /** As before feeds: no feed mark. */
  public NodeState(NodeConfig config, Instant createdAt, String creator,
      Map<String, Affiliation> affiliations, Map<String, NodeSubscription> subscriptions,
      List<Item> items) {
    this(config, createdAt, creator, affiliations, subscriptions, items, null);
  }

  /** True when {@code seq} of feed {@code source} was published here already. */
  boolean feedBatchPublished(String source, long seq) {
    return feedMark != null && feedMark.source().equals(source) && seq <= feedMark.seq();
  }

  /**
   * The maps are taken as they are, not copied: {@link #apply} builds each changed map once and
   * hands it over wrapped unmodifiable (one copy per subscription change, which matters for nodes
   * with many subscribers); nothing mutates a map after it is in a state.
   */
  public NodeState {
    items = List.copyOf(items);
  }

  public boolean exists() {
    return config != null;
  }

  /** The subscriptions of {@code jid} (as given at subscription time). */
  List<NodeSubscription> subscriptionsOf(String jid) {
    List<NodeSubscription> out = new ArrayList<>(1);
    for (NodeSubscription s : subscriptions.values()) {
      if (s.jid().equals(jid)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Subscriptions held by {@code bare} or any full JID of it. */
  int subscriptionsOfAccount(String bare) {
    int n = 0;
    for (NodeSubscription s : subscriptions.values()) {
      String jid = s.jid();
      if (jid.equals(bare) || (jid.startsWith(bare) && jid.length() > bare.length() && jid.charAt(bare.length()) == '/')) {
        n++;
      }
    }
    return n;
  }

  Item item(String id) {
    for (Item i : items) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return null;
  }

  Item lastItem() {
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  /**
   * This state with the payloads of stored items dropped from all but the newest {@code cache}
   * items (issue #23 F9); items held inline (no ref) keep theirs, as nothing else has them.
   */
  NodeState evictBeyond(int cache) {
    int keepFrom = items.size() - cache;
    List<Item> next = null;
    for (int i = 0; i < keepFrom; i++) {
      Item item = items.get(i);
      if (!item.cached() || item.ref() == null) {
        continue;
      }
      if (next == null) {
        next = new ArrayList<>(items);
      }
      next.set(i, item.evicted());
    }
    return next == null ? this
        : new NodeState(config, createdAt, creator, affiliations, subscriptions, next, feedMark);
  }

  NodeState apply(Event event) {
    if (event instanceof NodeCreated e) {
      return new NodeState(e.config(), e.createdAt(), e.owner(),
          Map.of(e.owner(), Affiliation.OWNER), Map.of(), List.of());
    } else if (event instanceof NodeConfigured e) {
      FeedMark mark = feedMark != null && feedMark.source().equals(e.config().feedUrl())
          ? feedMark : null;
      return new NodeState(e.config(), createdAt, creator, affiliations, subscriptions,
          trim(items, e.config()), mark);
    } else if (event instanceof NodeDeleted) {
      return ABSENT;
    } else if (event instanceof ItemPublished e) {
      return new NodeState(config, createdAt, creator, affiliations, subscriptions,
          trim(published(items, List.of(e.item())), config), feedMark);
    } else if (event instanceof FeedItemsPublished e) {
      return new NodeState(config, createdAt, creator, affiliations, subscriptions,
          trim(published(items, e.items()), config), new FeedMark(e.source(), e.seq()));
    } else if (event instanceof ItemRetracted e) {
      return new NodeState(config, createdAt, creator, affiliations, subscriptions,
          items.stream().filter(i -> !i.id().equals(e.id())).toList(), feedMark);
    } else if (event instanceof NodePurged) {
      return new NodeState(config, createdAt, creator, affiliations, subscriptions, List.of(),
          feedMark);
    } else if (event instanceof AffiliationSet e) {
      Map<String, Affiliation> next = new LinkedHashMap<>(affiliations);
      if (e.affiliation() == Affiliation.NONE) {
        next.remove(e.jid());
      } else {
        next.put(e.jid(), e.affiliation());
      }
      return new NodeState(config, createdAt, creator, Collections.unmodifiableMap(next),
          subscriptions, items, feedMark);
    } else if (event instanceof SubscriptionSaved e) {
      Map<String, NodeSubscription> next = new LinkedHashMap<>(subscriptions);
      next.put(e.subscription().subid(), e.subscription());
      return new NodeState(config, createdAt, creator, affiliations,
          Collections.unmodifiableMap(next), items, feedMark);
    } else if (event instanceof SubscriptionRemoved e) {
      Map<String, NodeSubscription> next = new LinkedHashMap<>(subscriptions);
      next.remove(e.subid());
      return new NodeState(config, createdAt, creator, affiliations,
          Collections.unmodifiableMap(next), items, feedMark);
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }

  /** {@code items} with {@code added} appended, each replacing an item of the same id. */
  private static List<Item> published(List<Item> items, List<Item> added) {
    List<Item> next = new ArrayList<>(items.size() + added.size());
    for (Item i : items) {
      boolean replaced = false;
      for (Item a : added) {
        if (a.id().equals(i.id())) {
          replaced = true;
          break;
        }
      }
      if (!replaced) {
        next.add(i);
      }
    }
    next.addAll(added);
    return next;
  }

  private static List<Item> trim(List<Item> items, NodeConfig config) {
    if (!config.persistItems()) {
      return List.of();
    }
    int excess = items.size() - config.maxItems();
    return excess <= 0 ? items : items.subList(excess, items.size());
  }
}
