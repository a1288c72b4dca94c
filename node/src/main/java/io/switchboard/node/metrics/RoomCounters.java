package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.sharding.muc.RoomCounts;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the multi-user chat rooms (XEP-0045) running on this node count: joins, groupchat
 * messages accepted, and refused joins and messages by reason. A room counts on the node where it
 * runs, so the cluster's figure is the sum over the nodes. Joins and messages are one counter
 * each; refusals (rarer) find theirs in a map keyed by what and why, and the reason is either
 * {@code busy} or a stanza error condition's name, so the label set is bounded.
 */
final class RoomCounters implements RoomCounts {
  private final MeterRegistry registry;
  private final Counter joins;
  private final Counter messages;
  private final ConcurrentMap<Key, Counter> refusals = new ConcurrentHashMap<>();

  private record Key(Refused what, String reason) {}

  RoomCounters(MeterRegistry registry) {
    this.registry = registry;
    this.joins = Counter.builder("switchboard.muc.joins")
        .description("Sessions that entered a multi-user chat room running on this node (XEP-0045)")
        .register(registry);
    this.messages = Counter.builder("switchboard.muc.messages")
        .description("Groupchat messages with a body accepted by rooms running on this node and sent to the occupants")
        .register(registry);
  }

  @Override
  public void joined() {
    joins.increment();
  }

  @Override
  public void message() {
    messages.increment();
  }

  @Override
  public void refused(Refused what, String reason) {
    refusals.computeIfAbsent(new Key(what, reason), k -> Counter.builder("switchboard.muc.refusals")
        .description("Joins and groupchat messages refused by rooms on this node, by reason (busy: the room's"
            + " backlog was full; otherwise the stanza error condition answered)")
        .tag("stanza", k.what().label())
        .tag("reason", k.reason())
        .register(registry)).increment();
  }
}
