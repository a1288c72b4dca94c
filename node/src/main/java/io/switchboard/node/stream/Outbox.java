package io.switchboard.node.stream;

import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.MessageIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a client sent that the cluster has not yet acknowledged (see {@link ConnectionActor}), in
 * the order it was sent. Acknowledgements may come in any order (a message delivered live and a
 * later one stored offline take different paths). An entry is done when it was accepted and every
 * archive the acceptance named confirmed it (XEP-0313 write-behind, see
 * {@link io.switchboard.sharding.session.Receipt}); confirmations may arrive before the acceptance.
 * Not thread-safe: the connection's actor owns it.
 *
 * <p>"Probing": once the oldest entry stayed unacknowledged too long, only that one is sent again
 * (per period) until it is acknowledged; the owner holds everything else back meanwhile.
 */
final class Outbox {

  /**
   * One stanza, its sequence number, its archive id (chosen once, kept for every re-send), when it
   * was last sent (System.nanoTime), and the archives it still waits for once accepted.
   */
  static final class Entry {
    private final long seq;
    private final XmlElement stanza;
    private final UUID id;
    private long sentAt;
    /** The archives named by the acceptance; null until accepted. */
    private List<String> awaiting;
    /** Archives that confirmed (possibly before the acceptance); null until the first. */
    private Set<String> confirmed;

    Entry(long seq, XmlElement stanza, UUID id, long sentAt) {
      this.seq = seq;
      this.stanza = stanza;
      this.id = id;
      this.sentAt = sentAt;
    }

    long seq() {
      return seq;
    }

    UUID id() {
      return id;
    }

    private boolean done() {
      if (awaiting == null) {
        return false;
      }
      for (String a : awaiting) {
        if (confirmed == null || !confirmed.contains(a)) {
          return false;
        }
      }
      return true;
    }

    XmlElement stanza() {
      return stanza;
    }

    void sentAt(long nanos) {
      sentAt = nanos;
    }

    /** Whether it was last sent before {@code nanos} (or never). */
    boolean sentBefore(long nanos) {
      return sentAt - nanos < 0;
    }
  }

  /**
   * Unacknowledged entries in order; {@code Map.of()} while there are none (an idle session's
   * usual state), so an idle connection holds no map ({@link EmptyUntilUsed}).
   */
  private Map<Long, Entry> entries = Map.of();
  private long nextSeq = 1;
  private boolean probing;

  /** Adds a stanza with a new archive id stamped now. */
  Entry add(XmlElement stanza, long now) {
    return add(stanza, now, System.currentTimeMillis());
  }

  /** Adds a stanza with a new archive id stamped {@code epochMillis}. */
  Entry add(XmlElement stanza, long now, long epochMillis) {
    Entry e = new Entry(nextSeq++, stanza, MessageIds.next(epochMillis), now);
    entries = EmptyUntilUsed.put(entries, e.seq, e);
    return e;
  }

  /** Acknowledged, with no archive to wait for: forget it. */
  void accept(long seq) {
    accept(seq, List.of());
  }

  /**
   * Acknowledged: forget it once every archive in {@code archives} confirmed it (at once when
   * none). Completing the oldest ends a probe.
   */
  void accept(long seq, List<String> archives) {
    Entry e = entries.get(seq);
    if (e == null) {
      return;
    }
    e.awaiting = archives;
    completeIfDone(e);
  }

  /** The archive of {@code owner} confirmed entry {@code seq} (see the class comment). */
  void archived(long seq, String owner) {
    Entry e = entries.get(seq);
    if (e == null) {
      return;
    }
    if (e.confirmed == null) {
      e.confirmed = new HashSet<>(2);
    }
    e.confirmed.add(owner);
    completeIfDone(e);
  }

  private void completeIfDone(Entry e) {
    if (!e.done()) {
      return;
    }
    Entry oldest = oldest();
    entries = EmptyUntilUsed.remove(entries, e.seq);
    if (entries.isEmpty() || (oldest != null && oldest.seq == e.seq)) {
      probing = false;
    }
  }

  /**
   * The oldest entry if it was last sent at least {@code afterNanos} ago; a probe starts (or goes
   * on) with it.
   */
  Optional<Entry> dueForProbe(long now, long afterNanos) {
    Entry oldest = oldest();
    if (oldest == null || now - oldest.sentAt < afterNanos) {
      return Optional.empty();
    }
    probing = true;
    return Optional.of(oldest);
  }

  boolean probing() {
    return probing;
  }

  /** Drops what only mattered while the session lived: everything but messages. */
  void retainMessages() {
    if (!entries.isEmpty()) {
      entries.values().removeIf(e -> !e.stanza.name().equals("message"));
    }
    if (entries.isEmpty()) {
      probing = false;
      entries = Map.of();
    }
  }

  /** The sequence number of the last entry added (0 before the first). */
  long lastSeq() {
    return nextSeq - 1;
  }

  /** The highest sequence number up to which every entry was acknowledged. */
  long acceptedThrough() {
    Entry oldest = oldest();
    return oldest == null ? nextSeq - 1 : oldest.seq - 1;
  }

  List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  private Entry oldest() {
    Iterator<Entry> it = entries.values().iterator();
    return it.hasNext() ? it.next() : null;
  }
}
