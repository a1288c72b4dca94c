package io.switchboard.node.stream;

import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client sent that the cluster has not yet acknowledged (see {@link ConnectionActor}), in
 * the order it was sent. Acknowledgements may come in any order (a message delivered live and a
 * later one stored offline take different paths). Not thread-safe: the connection's actor owns it.
 *
 * <p>"Probing": once the oldest entry stayed unacknowledged too long, only that one is sent again
 * (per period) until it is acknowledged; the owner holds everything else back meanwhile.
 */
final class Outbox {

  /** One stanza, its sequence number and when it was last sent (System.nanoTime). */
  static final class Entry {
    private final long seq;
    private final XmlElement stanza;
    private long sentAt;

    Entry(long seq, XmlElement stanza, long sentAt) {
      this.seq = seq;
      this.stanza = stanza;
      this.sentAt = sentAt;
    }

    long seq() {
      return seq;
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

  Entry add(XmlElement stanza, long now) {
    Entry e = new Entry(nextSeq++, stanza, now);
    entries = EmptyUntilUsed.put(entries, e.seq, e);
    return e;
  }

  /** Acknowledged: forget it. Acknowledging the oldest ends a probe. */
  void accept(long seq) {
    Entry oldest = oldest();
    entries = EmptyUntilUsed.remove(entries, seq);
    if (entries.isEmpty() || (oldest != null && oldest.seq == seq)) {
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
