package io.switchboard.sharding.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pure quota decisions (issue #23 F9): whether a new PEP node may take a slot of the account's
 * {@code switchboard.quotas.pep-nodes}, and which nodes a node-less subscriptions or affiliations
 * query asks.
 *
 * <p>Only a request that would create a node asks for a slot: the node entity, finding itself
 * absent, asks its account's {@link PubSubDirectory} to {@link PubSubDirectory.Reserve reserve}
 * one before it persists its creation; the directory decides with {@link #reserve} one request at
 * a time, counting listed nodes and live reservations, so concurrent creates of different new
 * nodes cannot pass the limit together. A publish to an existing node asks nothing.
 */
final class PepQuota {
  private PepQuota() {}

  /**
   * How long a granted slot counts without its node being listed: a node creates itself within
   * one journal write of the grant, so this only bounds how long a slot whose node stopped before
   * creating itself stays taken (see {@link PubSubDirectory}).
   */
  static final Duration RESERVATION_TTL = Duration.ofMinutes(1);

  /** The directory's answer to a reservation. */
  enum Slot {
    /** The node is listed, or holds a live reservation: granted, nothing new to record. */
    HELD,
    /** A new slot, to record as a reservation before answering. */
    GRANTED,
    /** Listed nodes plus live reservations are at the limit. */
    REFUSED
  }

  /** Whether {@code node} may take a slot of {@code limit} in {@code dir} at {@code now}. */
  static Slot reserve(PubSubDirectory.Names dir, String node, int limit, Instant now) {
    Instant held = dir.reserved().get(node);
    if (dir.nodes().contains(node) || (held != null && held.isAfter(now))) {
      return Slot.HELD;
    }
    long live = dir.reserved().entrySet().stream()
        .filter(e -> e.getValue().isAfter(now) && !dir.nodes().contains(e.getKey()))
        .count();
    return dir.nodes().size() + live >= limit ? Slot.REFUSED : Slot.GRANTED;
  }

  /** The first {@code limit} of {@code nodes}, in their (sorted) order. */
  static List<String> first(Collection<String> nodes, int limit) {
    List<String> out = new ArrayList<>(Math.min(nodes.size(), limit));
    for (String n : nodes) {
      if (out.size() >= limit) {
        break;
      }
      out.add(n);
    }
    return out;
  }
}
