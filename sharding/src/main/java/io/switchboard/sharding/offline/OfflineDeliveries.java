package io.switchboard.sharding.offline;

import io.switchboard.protocol.util.RecentSet;
import io.switchboard.sharding.session.ConnectionMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Offline messages on their way from storage to a connection. A stored message is deleted only
 * after a connection acknowledged it (its {@link io.switchboard.sharding.session.Receipt} came back: written to the socket, or,
 * with XEP-0198 resumption, acknowledged by the client or taken over by a park), never on the
 * strength of having been sent. A copy sent to a connection that is gone by the time it arrives
 * (its node drained or died, its stream closed) is therefore not lost: it stays stored and goes
 * out with the next fetch. The cost is a possible duplicate when a receipt itself is lost.
 *
 * <p>Not persisted: an entity that moves forgets what was in flight, so the messages stay stored
 * and are delivered again at the next fetch. Deletions are batched: while one runs, acknowledged
 * ids collect for the next.
 */
final class OfflineDeliveries {
  /** One copy handed to a connection; sequence numbers are this entity incarnation's own. */
  private record Copy(UUID id, ActorRef<ConnectionMessage> connection) {}

  private final Map<Long, Copy> bySeq = new HashMap<>();
  private final Map<UUID, List<Long>> byId = new HashMap<>();
  /** Acknowledged lately (deletion may not have landed yet): a re-fetch skips them. */
  private final Set<UUID> acknowledged = RecentSet.of(1000);
  private final List<UUID> toDelete = new ArrayList<>();
  private boolean deleting;
  private long nextSeq;

  /**
   * Whether stored message {@code id} should go out now: not when it was acknowledged already,
   * nor while a copy is on its way (call {@link #forgetAllBut} first to drop copies sent to
   * connections that are gone).
   */
  boolean due(UUID id) {
    return !acknowledged.contains(id) && !byId.containsKey(id);
  }

  /** Records a copy of {@code id} sent to {@code connection}; returns the receipt's sequence number. */
  long sent(UUID id, ActorRef<ConnectionMessage> connection) {
    long seq = ++nextSeq;
    bySeq.put(seq, new Copy(id, connection));
    byId.computeIfAbsent(id, k -> new ArrayList<>(1)).add(seq);
    return seq;
  }

  /**
   * A connection acknowledged the copy {@code seq}. Returns true when that made a message
   * delivered (its id is queued for deletion); false for an unknown or repeated acknowledgement.
   */
  boolean acknowledged(long seq) {
    Copy copy = bySeq.remove(seq);
    if (copy == null) {
      return false;
    }
    List<Long> seqs = byId.remove(copy.id());
    if (seqs != null) {
      seqs.forEach(bySeq::remove);
    }
    if (!acknowledged.add(copy.id())) {
      return false;
    }
    toDelete.add(copy.id());
    return true;
  }

  /**
   * Forgets the copies sent to {@code connection} (it is gone); returns true when there were
   * some, so the caller can fetch again for the resources that remain.
   */
  boolean forget(ActorRef<ConnectionMessage> connection) {
    return forgetAllBut(c -> !c.equals(connection));
  }

  /** Forgets the copies sent to connections that are not {@code current}; true when there were some. */
  boolean forgetAllBut(Predicate<ActorRef<ConnectionMessage>> current) {
    boolean any = false;
    for (Iterator<Map.Entry<Long, Copy>> it = bySeq.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Copy> e = it.next();
      if (!current.test(e.getValue().connection())) {
        it.remove();
        List<Long> seqs = byId.get(e.getValue().id());
        seqs.remove(e.getKey());
        if (seqs.isEmpty()) {
          byId.remove(e.getValue().id());
        }
        any = true;
      }
    }
    return any;
  }

  /** The ids to delete now, or none while a deletion runs (they wait for {@link #deleted}). */
  List<UUID> startDeletion() {
    if (deleting || toDelete.isEmpty()) {
      return List.of();
    }
    deleting = true;
    List<UUID> batch = List.copyOf(toDelete);
    toDelete.clear();
    return batch;
  }

  /**
   * The running deletion ended. On failure its ids are queued again: they stay stored until a
   * deletion succeeds (a re-fetch meanwhile still skips them).
   */
  void deleted(List<UUID> batch, boolean failed) {
    deleting = false;
    if (failed) {
      toDelete.addAll(0, batch);
    }
  }

  /** Nothing on its way and nothing acknowledged left to delete: the last page is done. */
  boolean settled() {
    return bySeq.isEmpty() && !deleting && toDelete.isEmpty();
  }

  /** Copies on their way (for tests and the entity's state view). */
  int inFlight() {
    return bySeq.size();
  }
}
