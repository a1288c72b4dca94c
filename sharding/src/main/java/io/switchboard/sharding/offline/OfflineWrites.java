package io.switchboard.sharding.offline;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision step of one account's offline writes (issue #23 F9), pure and the entity's own:
 * one write at a time, and the messages that arrive while it runs go together into the next
 * (group commit). The store counts the account's messages once per write and admits the first
 * ones that fit, so the quota is exact as long as writes do not overlap; batching gives back the
 * throughput that writing one message at a time cost a burst (bench/README "Issue #23 F9").
 */
final class OfflineWrites {
  /** A message waiting to be written; {@code receipt} may be null. */
  record Pending(XmlElement stanza, Receipt receipt) {}

  /** What became of a write's messages: the first {@code stored}, the rest refused (quota full). */
  record Outcome(List<Pending> stored, List<Pending> refused) {}

  private final int maxQueued;
  private final int maxBatch;
  private boolean writing;
  /** Oldest first; null until the first waits. */
  private ArrayDeque<Pending> queued;

  OfflineWrites(int maxQueued, int maxBatch) {
    if (maxQueued < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxQueued " + maxQueued + ", maxBatch " + maxBatch);
    }
    this.maxQueued = maxQueued;
    this.maxBatch = maxBatch;
  }

  /** A write runs and {@code maxQueued} wait for it: one more is refused before it is taken. */
  boolean full() {
    return writing && queued != null && queued.size() >= maxQueued;
  }

  /**
   * {@code p} arrived (the caller checked {@link #full} first): the messages to write now, which
   * is {@code p} alone when no write runs, else none ({@code p} waits for the running write).
   */
  List<Pending> add(Pending p) {
    if (!writing) {
      writing = true;
      return List.of(p);
    }
    if (queued == null) {
      queued = new ArrayDeque<>();
    }
    queued.add(p);
    return List.of();
  }

  /** The running write completed: the next one, the oldest waiting (at most maxBatch), or none. */
  List<Pending> done() {
    writing = false;
    if (queued == null || queued.isEmpty()) {
      return List.of();
    }
    List<Pending> next = new ArrayList<>(Math.min(maxBatch, queued.size()));
    while (next.size() < maxBatch && !queued.isEmpty()) {
      next.add(queued.poll());
    }
    writing = true;
    return next;
  }

  boolean writing() {
    return writing;
  }

  int maxQueued() {
    return maxQueued;
  }

  /** The store admitted the first {@code accepted} of {@code batch}. */
  static Outcome outcome(List<Pending> batch, int accepted) {
    int k = Math.max(0, Math.min(accepted, batch.size()));
    return new Outcome(batch.subList(0, k), batch.subList(k, batch.size()));
  }
}
