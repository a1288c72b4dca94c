package io.switchboard.sharding.muc;

import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a room's stanzas reach the nodes of their recipients: grouped per node into one
 * {@link MucRelay.Deliver} for that node's relay, kept until the relay confirms it, and sent again
 * through this node's own relay when a node leaves the cluster without having confirmed (its
 * recipients' entities restart elsewhere, and sharding takes the stanzas there). Callers wait for
 * a set of deliveries ({@link #await}): a groupchat message is acknowledged to its sender once
 * delivered. Owned by the entity's actor.
 */
final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  private record Sent(String node, List<MucRelay.Part> parts) {}

  private record Waiter(Set<Long> seqs, Runnable done) {}

  private final RelayDirectory relays;
  private final int relayIndex;
  private final ActorRef<MucRelay.Delivered> confirmations;
  private final int maxPending;
  private final Map<Long, Sent> pending = new LinkedHashMap<>();
  private final Map<Long, Waiter> waiters = new LinkedHashMap<>();
  private long nextSeq;
  private long nextWaiter;

  Deliveries(RelayDirectory relays, int relayIndex, ActorRef<MucRelay.Delivered> confirmations, int maxPending) {
    this.relays = relays;
    this.relayIndex = relayIndex;
    this.confirmations = confirmations;
    this.maxPending = maxPending;
  }

  /**
   * Sends {@code parts} ({@code stanza} to each recipient, or as addressed when it has none),
   * one delivery per node that {@code nodeOf} names for the recipients, in order per node.
   *
   * @return the sequence numbers of the deliveries sent
   */
  Set<Long> send(List<MucRelay.Part> parts, Function<String, String> nodeOf) {
    Map<String, List<MucRelay.Part>> byNode = new LinkedHashMap<>();
    for (MucRelay.Part p : parts) {
      if (p.to().isEmpty()) {
        byNode.computeIfAbsent(node(nodeOf, p.stanza().attr("to")), n -> new ArrayList<>()).add(p);
        continue;
      }
      Map<String, List<String>> split = new LinkedHashMap<>();
      for (String to : p.to()) {
        split.computeIfAbsent(node(nodeOf, to), n -> new ArrayList<>()).add(to);
      }
      split.forEach((node, to) -> byNode.computeIfAbsent(node, n -> new ArrayList<>())
          .add(new MucRelay.Part(p.stanza(), to)));
    }
    Set<Long> seqs = new HashSet<>();
    byNode.forEach((node, nodeParts) -> {
      long seq = ++nextSeq;
      pending.put(seq, new Sent(node, nodeParts));
      seqs.add(seq);
      tell(node, seq, nodeParts);
    });
    trim();
    return seqs;
  }

  /**
   * Sends {@code stanza} as addressed through the relay on {@code node} (this node's when it is
   * not known), unconfirmed and not kept: for answers that must not add to the room's own traffic
   * (a refusal, {@link RoomAdmission}).
   */
  void sendOnce(XmlElement stanza, String node) {
    ActorRef<MucRelay.Command> relay = relays.relay(node, relayIndex);
    if (relay == null) {
      relay = relays.relay(relays.self(), relayIndex);
    }
    relay.tell(new MucRelay.Deliver(0, List.of(new MucRelay.Part(stanza, List.of())), null));
  }

  private String node(Function<String, String> nodeOf, String to) {
    String n = to == null ? null : nodeOf.apply(to);
    return n != null && relays.knows(n) ? n : relays.self();
  }

  private void tell(String node, long seq, List<MucRelay.Part> parts) {
    ActorRef<MucRelay.Command> relay = relays.relay(node, relayIndex);
    if (relay == null) {
      relay = relays.relay(relays.self(), relayIndex);
    }
    relay.tell(new MucRelay.Deliver(seq, parts, confirmations));
  }

  /** Runs {@code done} once every one of {@code seqs} is confirmed; returns the waiter's id. */
  long await(Set<Long> seqs, Runnable done) {
    Set<Long> open = new HashSet<>();
    for (long s : seqs) {
      if (pending.containsKey(s)) {
        open.add(s);
      }
    }
    long id = ++nextWaiter;
    if (open.isEmpty()) {
      done.run();
    } else {
      waiters.put(id, new Waiter(open, done));
    }
    return id;
  }

  /** The relay confirmed delivery {@code seq}. */
  void delivered(long seq) {
    if (pending.remove(seq) == null) {
      return;
    }
    Iterator<Map.Entry<Long, Waiter>> it = waiters.entrySet().iterator();
    List<Runnable> done = new ArrayList<>();
    while (it.hasNext()) {
      Waiter w = it.next().getValue();
      if (w.seqs().remove(seq) && w.seqs().isEmpty()) {
        it.remove();
        done.add(w.done());
      }
    }
    done.forEach(Runnable::run);
  }

  /** Gives up waiting for waiter {@code id} (its deliveries stay kept for a node's departure). */
  void stopWaiting(long id) {
    Waiter w = waiters.remove(id);
    if (w != null) {
      w.done().run();
    }
  }

  /** {@code node} left the cluster: what it never confirmed goes again, through this node. */
  int nodeRemoved(String node) {
    int resent = 0;
    for (Map.Entry<Long, Sent> e : new ArrayList<>(pending.entrySet())) {
      if (e.getValue().node().equals(node)) {
        pending.put(e.getKey(), new Sent(relays.self(), e.getValue().parts()));
        tell(relays.self(), e.getKey(), e.getValue().parts());
        resent++;
      }
    }
    if (resent > 0) {
      log.info("{} deliveries to {}, which left the cluster, sent again through this node", resent, node);
    }
    return resent;
  }

  int pendingCount() {
    return pending.size();
  }

  /** Keeps at most {@code maxPending}: the oldest are forgotten (they may be lost if a node dies). */
  private void trim() {
    while (pending.size() > maxPending) {
      Long oldest = pending.keySet().iterator().next();
      log.warn("room has {} unconfirmed deliveries; forgetting the oldest ({})", pending.size(), oldest);
      delivered(oldest);
    }
  }

  /** For tests: the stanzas of a delivery. */
  List<XmlElement> stanzasOf(long seq) {
    Sent s = pending.get(seq);
    return s == null ? List.of() : s.parts().stream().map(MucRelay.Part::stanza).toList();
  }
}
