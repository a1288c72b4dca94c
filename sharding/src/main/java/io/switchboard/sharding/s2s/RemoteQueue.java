package io.switchboard.sharding.s2s;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The persisted state of a {@link RemoteDomain}: stanzas accepted for the remote domain and not
 * yet written to its stream, in order. Immutable.
 *
 * @param nextSeq the sequence number the next accepted stanza gets
 * @param items the waiting stanzas, oldest first, with increasing sequence numbers
 * @param recent the message ids ({@link io.switchboard.sharding.session.Receipt#id()}) of the last
 *     {@value #RECENT} accepted stanzas that had one, oldest first, sent or not: a copy the
 *     sender's connection sends again (its receipt was lost with a node) is recognised and not
 *     queued twice. Empty in snapshots written before it existed.
 */
public record RemoteQueue(long nextSeq, List<Queued> items, List<String> recent) implements CborSerializable {
  public static final RemoteQueue EMPTY = new RemoteQueue(1, List.of(), List.of());

  /** How many message ids {@link #recent} keeps. */
  public static final int RECENT = 1_000;

  public RemoteQueue(long nextSeq, List<Queued> items) {
    this(nextSeq, items, List.of());
  }

  /** One accepted stanza and when it was accepted (epoch millis). */
  public record Queued(long seq, XmlElement stanza, long queuedAt) implements CborSerializable {}

  public RemoteQueue {
    items = List.copyOf(items);
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  /** Whether a stanza with message id {@code id} was accepted among the last {@value #RECENT}. */
  public boolean accepted(String id) {
    return !id.isEmpty() && recent.contains(id);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public int size() {
    return items.size();
  }

  public RemoteQueue apply(RemoteDomain.Event event) {
    if (event instanceof RemoteDomain.StanzasQueued q) {
      List<Queued> next = new ArrayList<>(items.size() + q.stanzas().size());
      next.addAll(items);
      long seq = nextSeq;
      for (XmlElement s : q.stanzas()) {
        next.add(new Queued(seq++, s, q.at()));
      }
      return new RemoteQueue(seq, next, withRecent(q.ids()));
    }
    if (event instanceof RemoteDomain.StanzasSent s) {
      return dropUpTo(s.upTo());
    }
    if (event instanceof RemoteDomain.StanzasBounced b) {
      return dropUpTo(b.upTo());
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private RemoteQueue dropUpTo(long upTo) {
    int i = 0;
    while (i < items.size() && items.get(i).seq() <= upTo) {
      i++;
    }
    return i == 0 ? this : new RemoteQueue(nextSeq, items.subList(i, items.size()), recent);
  }

  private List<String> withRecent(List<String> ids) {
    List<String> added = ids.stream().filter(id -> !id.isEmpty()).toList();
    if (added.isEmpty()) {
      return recent;
    }
    List<String> all = new ArrayList<>(recent.size() + added.size());
    all.addAll(recent);
    all.addAll(added);
    return all.size() <= RECENT ? all : all.subList(all.size() - RECENT, all.size());
  }

  /** The stanzas up to and including {@code upTo}. */
  public List<Queued> upTo(long upTo) {
    return items.stream().filter(q -> q.seq() <= upTo).toList();
  }

  /** The stanzas after {@code seq}. */
  public List<Queued> after(long seq) {
    return items.stream().filter(q -> q.seq() > seq).toList();
  }

  /**
   * The highest sequence number of the oldest stanzas that have waited at least {@code timeout}
   * millis at {@code now}, or 0 when none has.
   */
  public long expiredUpTo(long now, long timeout) {
    long upTo = 0;
    for (Queued q : items) {
      if (now - q.queuedAt() < timeout) {
        break;
      }
      upTo = q.seq();
    }
    return upTo;
  }

  /** The sequence number of the newest waiting stanza (0 when empty). */
  public long lastSeq() {
    return items.isEmpty() ? 0 : items.get(items.size() - 1).seq();
  }
}
