package io.switchboard.sharding.feed;

import io.switchboard.sharding.feed.Feed.BatchDelivered;
import io.switchboard.sharding.feed.Feed.EntriesAccepted;
import io.switchboard.sharding.feed.Feed.Event;
import io.switchboard.sharding.feed.Feed.Seen;
import io.switchboard.sharding.feed.Feed.TargetAttached;
import io.switchboard.sharding.feed.Feed.TargetDetached;
import io.switchboard.sharding.feed.Feed.WebSubEnded;
import io.switchboard.sharding.feed.Feed.WebSubRequested;
import io.switchboard.sharding.feed.Feed.WebSubUnsubscribing;
import io.switchboard.sharding.feed.Feed.WebSubVerified;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The persisted state of one feed.
 *
 * @param targets the pub-sub nodes ({@code service/node}) the feed publishes into, each with the
 *     sequence number of the last batch it acknowledged and the interval it asked for (0: the
 *     default); empty: the feed is not attached anywhere and is not fetched
 * @param etag validator of the last 200 answer, or null
 * @param lastModified validator of the last 200 answer, or null
 * @param seen entry id to payload digest, oldest first: what has been accepted already
 * @param nextSeq the sequence number the next batch gets; never reset, so a pub-sub node's
 *     high-water mark for this feed stays valid across detach and attach
 * @param pending accepted batches not yet acknowledged by every target they are for
 * @param backfill targets attached to a feed already fetched: the next fetch gives them every
 *     entry of the document, not only new ones
 * @param websub the WebSub subscription, or null
 * @param entriesAccepted entries (new or changed) accepted since the feed was created
 */
public record FeedState(
    Map<String, Target> targets,
    String etag,
    String lastModified,
    Map<String, String> seen,
    long nextSeq,
    List<Batch> pending,
    Set<String> backfill,
    WebSub websub,
    long entriesAccepted) implements CborSerializable {

  public static final FeedState EMPTY =
      new FeedState(Map.of(), null, null, Map.of(), 1, List.of(), Set.of(), null, 0);

  public FeedState {
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    seen = Collections.unmodifiableMap(new LinkedHashMap<>(seen));
    pending = List.copyOf(pending);
    backfill = Collections.unmodifiableSet(new LinkedHashSet<>(backfill));
    nextSeq = Math.max(1, nextSeq);
  }

  /** One pub-sub node the feed publishes into. */
  public record Target(long delivered, int intervalSeconds) implements CborSerializable {}

  /** Entries accepted together, for {@code targets}, in publishing order (oldest first). */
  public record Batch(long seq, Set<String> targets, List<FeedEntry> entries)
      implements CborSerializable {
    public Batch {
      targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
      entries = List.copyOf(entries);
    }
  }

  /** The phases of a WebSub subscription (W3C WebSub §5). */
  public enum Phase {
    /** Asked the hub; its verification of intent has not come yet. */
    REQUESTED,
    /** Verified; content arrives until {@code leaseUntil}. */
    ACTIVE,
    /** Verified, and a renewal asked (verification of the renewal pending). */
    RENEWING,
    /** The feed was detached everywhere; an unsubscription was asked. */
    UNSUBSCRIBING
  }

  /**
   * A WebSub subscription: {@code subId} names the callback ({@code .../websub/<feed>/<subId>}),
   * {@code secret} signs content distribution (never logged).
   */
  public record WebSub(String hub, String topic, String subId, String secret, Phase phase,
      Instant requestedAt, Instant leaseUntil) implements CborSerializable {
    /** Content may arrive: verified (possibly renewing) and the lease not over. */
    public boolean liveAt(Instant now) {
      return (phase == Phase.ACTIVE || phase == Phase.RENEWING)
          && leaseUntil != null && now.isBefore(leaseUntil);
    }

    /** A verification of intent for this subscription is expected. */
    public boolean awaitsVerification() {
      return phase == Phase.REQUESTED || phase == Phase.RENEWING;
    }

    WebSub with(Phase p, Instant lease) {
      return new WebSub(hub, topic, subId, secret, p, requestedAt, lease);
    }

    @Override
    public String toString() {
      return "WebSub[hub=" + hub + ", topic=" + topic + ", subId=" + subId + ", phase=" + phase
          + ", leaseUntil=" + leaseUntil + "]";
    }
  }

  public boolean active() {
    return !targets.isEmpty();
  }

  /** The oldest pending batch for {@code target} that it has not acknowledged, or null. */
  Batch nextBatchFor(String target) {
    Target t = targets.get(target);
    if (t == null) {
      return null;
    }
    for (Batch b : pending) {
      if (b.seq() > t.delivered() && b.targets().contains(target)) {
        return b;
      }
    }
    return null;
  }

  FeedState apply(Event event) {
    if (event instanceof TargetAttached e) {
      return attached(e);
    } else if (event instanceof TargetDetached e) {
      return detached(e.target());
    } else if (event instanceof EntriesAccepted e) {
      return accepted(e);
    } else if (event instanceof BatchDelivered e) {
      Target t = targets.get(e.target());
      if (t == null) {
        return this;
      }
      Map<String, Target> next = new LinkedHashMap<>(targets);
      next.put(e.target(), new Target(Math.max(t.delivered(), e.seq()), t.intervalSeconds()));
      return new FeedState(next, etag, lastModified, seen, nextSeq, prune(pending, next),
          backfill, websub, entriesAccepted);
    } else if (event instanceof WebSubRequested e) {
      WebSub ws = new WebSub(e.hub(), e.topic(), e.subId(), e.secret(),
          e.renewal() && websub != null ? Phase.RENEWING : Phase.REQUESTED, e.at(),
          e.renewal() && websub != null ? websub.leaseUntil() : null);
      return withWebSub(ws);
    } else if (event instanceof WebSubVerified e) {
      return websub == null || !websub.subId().equals(e.subId()) ? this
          : withWebSub(websub.with(Phase.ACTIVE, e.leaseUntil()));
    } else if (event instanceof WebSubUnsubscribing e) {
      return websub == null || !websub.subId().equals(e.subId()) ? this
          : withWebSub(websub.with(Phase.UNSUBSCRIBING, websub.leaseUntil()));
    } else if (event instanceof WebSubEnded e) {
      return websub == null || !websub.subId().equals(e.subId()) ? this : withWebSub(null);
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }

  private FeedState withWebSub(WebSub ws) {
    return new FeedState(targets, etag, lastModified, seen, nextSeq, pending, backfill, ws,
        entriesAccepted);
  }

  private FeedState attached(TargetAttached e) {
    if (targets.isEmpty()) {
      // A feed attached anew starts fresh: every entry of its next document is new.
      Map<String, Target> next = new LinkedHashMap<>();
      next.put(e.target(), new Target(nextSeq - 1, e.intervalSeconds()));
      return new FeedState(next, null, null, Map.of(), nextSeq, List.of(), Set.of(), websub,
          entriesAccepted);
    }
    Map<String, Target> next = new LinkedHashMap<>(targets);
    Target old = targets.get(e.target());
    Set<String> fill = new LinkedHashSet<>(backfill);
    if (old == null) {
      next.put(e.target(), new Target(nextSeq - 1, e.intervalSeconds()));
      if (!seen.isEmpty()) {
        fill.add(e.target());
      }
    } else {
      next.put(e.target(), new Target(old.delivered(), e.intervalSeconds()));
    }
    return new FeedState(next, etag, lastModified, seen, nextSeq, pending, fill, websub,
        entriesAccepted);
  }

  private FeedState detached(String target) {
    if (!targets.containsKey(target)) {
      return this;
    }
    Map<String, Target> next = new LinkedHashMap<>(targets);
    next.remove(target);
    if (next.isEmpty()) {
      return new FeedState(next, null, null, Map.of(), nextSeq, List.of(), Set.of(), websub,
          entriesAccepted);
    }
    Set<String> fill = new LinkedHashSet<>(backfill);
    fill.remove(target);
    return new FeedState(next, etag, lastModified, seen, nextSeq, prune(pending, next), fill,
        websub, entriesAccepted);
  }

  private FeedState accepted(EntriesAccepted e) {
    LinkedHashMap<String, String> nextSeen = new LinkedHashMap<>(seen);
    for (Seen s : e.seen()) {
      nextSeen.remove(s.id());
      nextSeen.put(s.id(), s.hash());
    }
    int keep = Math.max(e.keepSeen(), e.seen().size());
    Iterator<String> oldest = nextSeen.keySet().iterator();
    while (nextSeen.size() > keep && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    List<Batch> nextPending = new ArrayList<>(pending);
    long seq = nextSeq;
    for (Batch b : e.batches()) {
      nextPending.add(b);
      seq = Math.max(seq, b.seq() + 1);
    }
    while (nextPending.size() > e.keepBatches()) {
      nextPending.remove(0);
    }
    Set<String> fill = e.backfillServed() ? Set.of() : backfill;
    return new FeedState(targets, e.etag(), e.lastModified(), nextSeen, seq,
        prune(nextPending, targets), fill, websub, entriesAccepted + e.seen().size());
  }

  /** Drops batches every still-attached target of which has acknowledged them. */
  private static List<Batch> prune(List<Batch> batches, Map<String, Target> targets) {
    List<Batch> out = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      boolean waiting = false;
      for (String t : b.targets()) {
        Target target = targets.get(t);
        if (target != null && target.delivered() < b.seq()) {
          waiting = true;
          break;
        }
      }
      if (waiting) {
        out.add(b);
      }
    }
    return out;
  }
}
