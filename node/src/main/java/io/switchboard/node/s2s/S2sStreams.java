package io.switchboard.node.s2s;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The s2s streams open on this node, for {@code ./switchboard status} and the status JSON.
 * Thread-safe: streams register and update themselves from their event loops.
 */
public final class S2sStreams {

  /**
   * What the status shows of one stream. {@code pings}: XEP-0199 pings written (outgoing), or
   * answers to our pings received (incoming). {@code bidi}: XEP-0288, the stream carries stanzas
   * both ways.
   */
  public record Info(String direction, String local, String remote, String auth, boolean tls, String since,
      long stanzas, long pings, boolean bidi) {}

  /** A stream's entry, updated as it negotiates. */
  static final class Entry {
    final String direction;
    final Instant since;
    final AtomicLong stanzas = new AtomicLong();
    final AtomicLong pings = new AtomicLong();
    volatile String local = "";
    volatile String remote = "";
    volatile String auth = "none";
    volatile boolean tls;
    volatile boolean bidi;

    Entry(String direction, Instant since) {
      this.direction = direction;
      this.since = since;
    }

    Info info() {
      return new Info(direction, local, remote, auth, tls, since.toString(), stanzas.get(), pings.get(), bidi);
    }
  }

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final S2sMetrics metrics;

  /** The streams, counted into {@code metrics} as they open, authenticate, carry stanzas and close. */
  S2sStreams(S2sMetrics metrics) {
    this.metrics = metrics;
  }

  Entry open(String direction) {
    Entry e = new Entry(direction, Instant.now());
    entries.add(e);
    metrics.opened(direction);
    return e;
  }

  void closed(Entry e) {
    if (entries.remove(e)) {
      metrics.closed(e.direction);
    }
  }

  /** {@code e} authenticated a domain pair by {@code how}. */
  void authenticated(Entry e, String how) {
    e.auth = how;
    metrics.authenticated(e.direction, how);
  }

  /** {@code e} carried one more stanza. */
  void stanza(Entry e) {
    e.stanzas.incrementAndGet();
    metrics.stanza(e.direction);
  }

  /** The counts of what is not one stream's: the stream errors sent. */
  S2sMetrics metrics() {
    return metrics;
  }

  /** The streams, incoming first, then by remote domain. */
  public List<Info> list() {
    return entries.stream().map(Entry::info)
        .sorted(Comparator.comparing(Info::direction).thenComparing(Info::remote)).toList();
  }

  /** Counts per direction. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Entry e : entries) {
      out.merge(e.direction, 1L, Long::sum);
    }
    return out;
  }
}
