package io.switchboard.sharding.feed;

import io.switchboard.sharding.feed.Feed.Attach;
import io.switchboard.sharding.feed.Feed.BatchDelivered;
import io.switchboard.sharding.feed.Feed.Content;
import io.switchboard.sharding.feed.Feed.ContentAnswer;
import io.switchboard.sharding.feed.Feed.EntriesAccepted;
import io.switchboard.sharding.feed.Feed.Event;
import io.switchboard.sharding.feed.Feed.Seen;
import io.switchboard.sharding.feed.Feed.TargetAttached;
import io.switchboard.sharding.feed.Feed.TargetDetached;
import io.switchboard.sharding.feed.Feed.VerifyAnswer;
import io.switchboard.sharding.feed.Feed.VerifyIntent;
import io.switchboard.sharding.feed.Feed.WebSubEnded;
import io.switchboard.sharding.feed.Feed.WebSubRequested;
import io.switchboard.sharding.feed.Feed.WebSubUnsubscribing;
import io.switchboard.sharding.feed.Feed.WebSubVerified;
import io.switchboard.sharding.feed.FeedAction.AskHub;
import io.switchboard.sharding.feed.FeedAction.Deliver;
import io.switchboard.sharding.feed.FeedAction.Fetch;
import io.switchboard.sharding.feed.FeedAction.Listed;
import io.switchboard.sharding.feed.FeedAction.Parse;
import io.switchboard.sharding.feed.FeedAction.RenewAt;
import io.switchboard.sharding.feed.FeedAction.RetryDelivery;
import io.switchboard.sharding.feed.FeedAction.TickAt;
import io.switchboard.sharding.feed.FeedAction.VerifyDeadline;
import io.switchboard.sharding.feed.FeedAction.Warn;
import io.switchboard.sharding.feed.FeedState.Batch;
import io.switchboard.sharding.feed.FeedState.Phase;
import io.switchboard.sharding.feed.FeedState.WebSub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link Feed} does with each command, given its persisted state, its runtime and the time
 * now: a {@link FeedDecision}. Pure: time comes in as {@code now}, random tokens (WebSub callback
 * ids and secrets) from the supplier given; nothing here blocks, fetches or sends.
 *
 * <p>The rules: one fetch at a time; the next fetch {@link #interval} after the last one (the
 * smallest interval its targets asked for, never under the minimum; while a WebSub lease runs,
 * at most every {@code websub.poll-interval}); after failures the interval doubles per failure up
 * to {@code max-backoff}, and a {@code Retry-After} is honoured up to {@code max-retry-after}. New
 * and changed entries (by id and digest) are accepted as one numbered batch, persisted before
 * anything is published; each target gets its batches in order, one in flight at a time, and
 * acknowledges each, so a batch is published again after a crash only to a node whose high-water
 * mark then drops it.
 */
final class FeedLogic {
  private final String url;
  private final FeedSettings settings;
  private final Supplier<String> tokens;

  FeedLogic(String url, FeedSettings settings, Supplier<String> tokens) {
    this.url = url;
    this.settings = settings;
    this.tokens = tokens;
  }

  // ------------------------------------------------------------------------------------ start

  /** The entity started (after recovery): resume fetching, deliveries and the WebSub lease. */
  FeedDecision recovered(FeedState state, FeedRuntime rt, Instant now) {
    if (!state.active()) {
      return FeedDecision.none(rt);
    }
    List<FeedAction> actions = new ArrayList<>();
    actions.add(new Listed(true));
    Instant first = now.plus(spread(interval(state, now)));
    FeedRuntime next = rt.nextFetchAt(first);
    actions.add(new TickAt(first));
    next = deliverAll(state, next, actions);
    WebSub ws = state.websub();
    if (ws != null) {
      if ((ws.phase() == Phase.ACTIVE || ws.phase() == Phase.RENEWING) && ws.leaseUntil() != null) {
        actions.add(new RenewAt(renewTime(ws.requestedAt(), ws.leaseUntil(), now)));
      } else if (ws.phase() == Phase.REQUESTED) {
        actions.add(new VerifyDeadline(ws.subId(), settings.verifyTimeout()));
      }
    }
    return new FeedDecision(List.of(), next, actions, null);
  }

  /** A deterministic delay within {@code start-spread} (and the interval), by the URL's hash. */
  Duration spread(Duration interval) {
    long window = Math.min(settings.startSpread().toMillis(), interval.toMillis());
    return window <= 0 ? Duration.ZERO : Duration.ofMillis(Math.floorMod(url.hashCode(), window));
  }

  // ------------------------------------------------------------------------------ attachment

  FeedDecision attach(FeedState state, FeedRuntime rt, Instant now, Attach cmd) {
    FeedState.Target old = state.targets().get(cmd.target());
    if (old != null && old.intervalSeconds() == cmd.intervalSeconds()) {
      return FeedDecision.none(rt);
    }
    TargetAttached event = new TargetAttached(cmd.target(), Math.max(0, cmd.intervalSeconds()));
    FeedState after = state.apply(event);
    List<FeedAction> actions = new ArrayList<>();
    FeedRuntime next = rt;
    if (!state.active()) {
      actions.add(new Listed(true));
    }
    Instant at = !state.active() || !after.backfill().equals(state.backfill()) ? now
        : min(rt.nextFetchAt(), now.plus(interval(after, now)));
    if (!rt.fetching()) {
      next = next.nextFetchAt(at);
      actions.add(new TickAt(at));
    }
    return new FeedDecision(List.of(event), next, actions, null);
  }

  FeedDecision detach(FeedState state, FeedRuntime rt, Instant now, String target) {
    if (!state.targets().containsKey(target)) {
      return FeedDecision.none(rt);
    }
    List<Event> events = new ArrayList<>();
    events.add(new TargetDetached(target));
    List<FeedAction> actions = new ArrayList<>();
    FeedRuntime next = rt.delivering(target, false);
    if (state.targets().size() == 1) {
      goneEverywhere(state, now, events, actions);
    }
    return new FeedDecision(events, next, actions, null);
  }

  /** The last target went: unlist, unsubscribe from the hub, stop. */
  private void goneEverywhere(FeedState state, Instant now, List<Event> events,
      List<FeedAction> actions) {
    actions.add(new Listed(false));
    WebSub ws = state.websub();
    if (ws != null && ws.liveAt(now)) {
      events.add(new WebSubUnsubscribing(ws.subId()));
      actions.add(new AskHub(new WebSubHub.Request(ws.hub(), "unsubscribe", ws.topic(),
          callback(ws.subId()), ws.secret(), settings.lease()), ws.subId()));
    } else if (ws != null) {
      events.add(new WebSubEnded(ws.subId(), "the feed was detached"));
    }
    actions.add(FeedAction.Passivate.INSTANCE);
  }

  // ----------------------------------------------------------------------------------- fetch

  FeedDecision tick(FeedState state, FeedRuntime rt, Instant now) {
    if (!state.active() || rt.fetching()) {
      return FeedDecision.none(rt);
    }
    if (rt.nextFetchAt() != null && now.isBefore(rt.nextFetchAt())) {
      return new FeedDecision(List.of(), rt, List.of(new TickAt(rt.nextFetchAt())), null);
    }
    boolean unconditional = !state.backfill().isEmpty();
    FetchRequest request = new FetchRequest(url, unconditional ? null : state.etag(),
        unconditional ? null : state.lastModified());
    return new FeedDecision(List.of(), rt.fetching(true), List.of(new Fetch(request)), null);
  }

  FeedDecision fetched(FeedState state, FeedRuntime rt, Instant now, FetchOutcome outcome) {
    if (!state.active()) {
      return FeedDecision.none(rt.fetching(false));
    }
    List<FeedAction> actions = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    FeedRuntime next;
    FeedState after = state;
    Instant nextFetch;
    if (outcome instanceof FetchOutcome.NotModified) {
      next = rt.fetched(now, "304 not modified", null, true);
      nextFetch = now.plus(interval(state, now));
    } else if (outcome instanceof FetchOutcome.Failed f) {
      next = rt.fetched(now, "error", f.error(), false);
      Duration wait = backoff(interval(state, now), next.errors());
      if (f.retryAfter() != null && !f.retryAfter().isNegative()) {
        Duration honoured = min(f.retryAfter(), settings.maxRetryAfter());
        wait = honoured.compareTo(wait) > 0 ? honoured : wait;
      }
      nextFetch = now.plus(wait);
      actions.add(new Warn("fetch failed (" + next.errors() + " in a row): " + f.error()
          + "; next fetch in " + wait.toSeconds() + " s"));
    } else {
      FetchOutcome.Modified m = (FetchOutcome.Modified) outcome;
      Accepted accepted = accept(state, m.document(), m.etag(), m.lastModified(), true);
      events.addAll(accepted.events());
      actions.addAll(accepted.warnings());
      after = accepted.state();
      next = rt.fetched(now, "200 (" + accepted.fresh() + " new or changed)", null, false);
      next = deliverAll(after, next, actions);
      SubscribeStep ws = maybeSubscribe(after, next, now, m.document());
      events.addAll(ws.events());
      actions.addAll(ws.actions());
      next = ws.runtime();
      for (Event e : ws.events()) {
        after = after.apply(e);
      }
      // A target still waiting for its backfill (attached during this fetch) gets it at once.
      nextFetch = after.backfill().isEmpty() ? now.plus(interval(after, now)) : now;
    }
    next = next.nextFetchAt(nextFetch);
    actions.add(new TickAt(nextFetch));
    return new FeedDecision(events, next, actions, null);
  }

  /** The interval of the feed now (see the class comment). */
  Duration interval(FeedState state, Instant now) {
    long seconds = Long.MAX_VALUE;
    for (FeedState.Target t : state.targets().values()) {
      long s = t.intervalSeconds() > 0 ? t.intervalSeconds() : settings.defaultInterval().toSeconds();
      seconds = Math.min(seconds, s);
    }
    Duration d = seconds == Long.MAX_VALUE ? settings.defaultInterval() : Duration.ofSeconds(seconds);
    if (d.compareTo(settings.minInterval()) < 0) {
      d = settings.minInterval();
    }
    if (state.websub() != null && state.websub().liveAt(now)
        && d.compareTo(settings.websubPollInterval()) < 0) {
      d = settings.websubPollInterval();
    }
    return d;
  }

  /** {@code interval} doubled per failure (2^errors), capped at max-backoff (or the interval). */
  Duration backoff(Duration interval, int errors) {
    Duration cap = interval.compareTo(settings.maxBackoff()) > 0 ? interval : settings.maxBackoff();
    Duration d = interval;
    for (int i = 0; i < errors && d.compareTo(cap) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return min(d, cap);
  }

  private record Accepted(FeedState state, List<Event> events, List<FeedAction> warnings,
      int fresh) {}

  /**
   * New and changed entries of {@code doc} as batches: one for the targets that are up to date,
   * one with every entry for targets waiting for a backfill ({@code full}: a whole document,
   * not a hub's push of a few entries).
   */
  private Accepted accept(FeedState state, FeedDocument doc, String etag, String lastModified,
      boolean full) {
    Map<String, FeedEntry> byId = new LinkedHashMap<>();
    for (FeedEntry e : doc.entries()) {
      if (byId.size() >= settings.maxEntriesPerFetch()) {
        break;
      }
      byId.putIfAbsent(e.id(), e);
    }
    List<FeedEntry> entries = new ArrayList<>(byId.values());
    List<FeedEntry> changed = new ArrayList<>();
    for (FeedEntry e : entries) {
      if (!e.hash().equals(state.seen().get(e.id()))) {
        changed.add(e);
      }
    }
    // Documents list the newest first; items are published oldest first.
    Collections.reverse(entries);
    Collections.reverse(changed);
    Set<String> upToDate = new LinkedHashSet<>(state.targets().keySet());
    upToDate.removeAll(state.backfill());
    List<Batch> batches = new ArrayList<>();
    long seq = state.nextSeq();
    if (!changed.isEmpty() && !upToDate.isEmpty()) {
      batches.add(new Batch(seq++, upToDate, changed));
    }
    boolean backfill = full && !state.backfill().isEmpty();
    if (backfill && !entries.isEmpty()) {
      batches.add(new Batch(seq, state.backfill(), entries));
    }
    String newEtag = full ? etag : state.etag();
    String newLastModified = full ? lastModified : state.lastModified();
    boolean validatorsChanged = !java.util.Objects.equals(newEtag, state.etag())
        || !java.util.Objects.equals(newLastModified, state.lastModified());
    if (changed.isEmpty() && !backfill && !validatorsChanged) {
      return new Accepted(state, List.of(), List.of(), 0);
    }
    List<Seen> seen = changed.stream().map(e -> new Seen(e.id(), e.hash())).toList();
    EntriesAccepted event = new EntriesAccepted(newEtag, newLastModified, seen, batches, backfill,
        Math.max(settings.rememberedEntries(), entries.size()), settings.maxPendingBatches());
    List<FeedAction> warnings = new ArrayList<>();
    int overflow = state.pending().size() + batches.size() - settings.maxPendingBatches();
    if (overflow > 0) {
      warnings.add(new Warn(overflow + " undelivered batch(es) dropped: a pub-sub node has not "
          + "acknowledged " + state.pending().size() + " batches (max-pending-batches)"));
    }
    return new Accepted(state.apply(event), List.of(event), warnings, changed.size());
  }

  // -------------------------------------------------------------------------------- delivery

  /** Starts a delivery for every target with a batch waiting and none in flight. */
  private FeedRuntime deliverAll(FeedState state, FeedRuntime rt, List<FeedAction> actions) {
    FeedRuntime next = rt;
    for (String target : state.targets().keySet()) {
      next = deliverNext(state, next, target, actions);
    }
    return next;
  }

  private FeedRuntime deliverNext(FeedState state, FeedRuntime rt, String target,
      List<FeedAction> actions) {
    if (rt.delivering().contains(target)) {
      return rt;
    }
    Batch b = state.nextBatchFor(target);
    if (b == null) {
      return rt;
    }
    actions.add(new Deliver(target, b));
    return rt.delivering(target, true);
  }

  /** {@code result}: the node's answer, or null when it failed with {@code error}. */
  FeedDecision delivered(FeedState state, FeedRuntime rt, Instant now, String target, long seq,
      FeedTargets.Outcome result, String error) {
    FeedRuntime next = rt.delivering(target, false);
    List<FeedAction> actions = new ArrayList<>();
    if (!state.targets().containsKey(target)) {
      return FeedDecision.none(next);
    }
    if (result == null) {
      next = next.problem(now, "pub-sub node " + target + " did not take batch " + seq + ": " + error);
      actions.add(new RetryDelivery(target, settings.deliveryRetry()));
      return new FeedDecision(List.of(), next, actions, null);
    }
    if (result == FeedTargets.Outcome.NOT_ATTACHED) {
      actions.add(new Warn("pub-sub node " + target + " does not have this feed (deleted or "
          + "reconfigured): detached"));
      FeedDecision d = detach(state, next, now, target);
      List<FeedAction> all = new ArrayList<>(actions);
      all.addAll(d.actions());
      return new FeedDecision(d.events(), d.runtime(), all, null);
    }
    BatchDelivered event = new BatchDelivered(target, seq);
    FeedState after = state.apply(event);
    next = deliverNext(after, next, target, actions);
    return new FeedDecision(List.of(event), next, actions, null);
  }

  FeedDecision retryDelivery(FeedState state, FeedRuntime rt, String target) {
    List<FeedAction> actions = new ArrayList<>();
    FeedRuntime next = deliverNext(state, rt, target, actions);
    return new FeedDecision(List.of(), next, actions, null);
  }

  // ---------------------------------------------------------------------------------- WebSub

  private record SubscribeStep(List<Event> events, List<FeedAction> actions, FeedRuntime runtime) {}

  /** A fetched document names a hub this feed is not subscribed at: subscribe (WebSub §5.1). */
  private SubscribeStep maybeSubscribe(FeedState state, FeedRuntime rt, Instant now,
      FeedDocument doc) {
    if (!settings.websubEnabled() || doc.hub() == null || FeedKeys.normalise(doc.hub()).isEmpty()) {
      return new SubscribeStep(List.of(), List.of(), rt);
    }
    String topic = doc.self() != null && FeedKeys.normalise(doc.self()).isPresent()
        ? doc.self() : url;
    WebSub ws = state.websub();
    if (ws != null && ws.hub().equals(doc.hub()) && ws.topic().equals(topic)
        && ws.phase() != Phase.UNSUBSCRIBING) {
      return new SubscribeStep(List.of(), List.of(), rt);
    }
    if (rt.hubRetryAt() != null && now.isBefore(rt.hubRetryAt())) {
      return new SubscribeStep(List.of(), List.of(), rt);
    }
    String subId = tokens.get();
    String secret = tokens.get();
    WebSubRequested event = new WebSubRequested(doc.hub(), topic, subId, secret, now, false);
    return new SubscribeStep(List.of(event), List.of(
        new AskHub(new WebSubHub.Request(doc.hub(), "subscribe", topic, callback(subId), secret,
            settings.lease()), subId),
        new VerifyDeadline(subId, settings.verifyTimeout())), rt);
  }

  /** The callback URL of subscription {@code subId}; the node routes it back to this feed. */
  String callback(String subId) {
    return settings.callbackBaseUrl() + "/websub/" + FeedKeys.encode(url) + "/" + subId;
  }

  FeedDecision hubAnswered(FeedState state, FeedRuntime rt, Instant now, String subId,
      WebSubHub.Answer answer) {
    WebSub ws = state.websub();
    if (answer.accepted() || ws == null || !ws.subId().equals(subId)) {
      return FeedDecision.none(rt);
    }
    return hubFailed(state, rt, now, ws, "the hub " + ws.hub() + " refused: " + answer.error());
  }

  FeedDecision verifyDeadline(FeedState state, FeedRuntime rt, Instant now, String subId) {
    WebSub ws = state.websub();
    if (ws == null || !ws.subId().equals(subId)
        || !(ws.awaitsVerification() || ws.phase() == Phase.UNSUBSCRIBING)) {
      return FeedDecision.none(rt);
    }
    return hubFailed(state, rt, now, ws, "the hub " + ws.hub() + " did not verify the "
        + (ws.phase() == Phase.UNSUBSCRIBING ? "unsubscription" : "subscription") + " within "
        + settings.verifyTimeout().toSeconds() + " s");
  }

  /**
   * A hub failed: a new subscription ends (the feed is polled, the hub asked again after
   * hub-retry); a renewal falls back to the running lease and is tried again.
   */
  private FeedDecision hubFailed(FeedState state, FeedRuntime rt, Instant now, WebSub ws,
      String problem) {
    FeedRuntime next = rt.problem(now, problem + "; polling").hubRetryAt(now.plus(settings.hubRetry()));
    List<FeedAction> actions = new ArrayList<>();
    actions.add(new Warn(problem));
    if (ws.phase() == Phase.RENEWING && ws.leaseUntil() != null && now.isBefore(ws.leaseUntil())) {
      Instant retry = min(now.plus(settings.hubRetry()), ws.leaseUntil());
      actions.add(new RenewAt(retry));
      return new FeedDecision(List.of(new WebSubVerified(ws.subId(), ws.leaseUntil())), next,
          actions, null);
    }
    // Polling takes over at the normal interval.
    Instant at = min(rt.nextFetchAt(), now.plus(interval(state.apply(
        new WebSubEnded(ws.subId(), problem)), now)));
    if (!rt.fetching() && state.active()) {
      next = next.nextFetchAt(at);
      actions.add(new TickAt(at));
    }
    return new FeedDecision(List.of(new WebSubEnded(ws.subId(), problem)), next, actions, null);
  }

  /** The hub's verification of intent (WebSub §5.3), or its denial (§5.2). */
  FeedDecision verify(FeedState state, FeedRuntime rt, Instant now, VerifyIntent cmd) {
    WebSub ws = state.websub();
    if (ws == null || !ws.subId().equals(cmd.subId()) || cmd.topic() == null
        || !ws.topic().equals(cmd.topic())) {
      return FeedDecision.reply(rt, VerifyAnswer.NOT_FOUND);
    }
    String mode = cmd.mode() == null ? "" : cmd.mode();
    boolean hasChallenge = cmd.challenge() != null && !cmd.challenge().isEmpty();
    switch (mode) {
      case "subscribe" -> {
        if (!ws.awaitsVerification() || !hasChallenge) {
          return FeedDecision.reply(rt, VerifyAnswer.NOT_FOUND);
        }
        Duration lease = cmd.leaseSeconds() > 0 ? Duration.ofSeconds(cmd.leaseSeconds())
            : settings.lease();
        Instant until = now.plus(lease);
        FeedState after = state.apply(new WebSubVerified(ws.subId(), until));
        List<FeedAction> actions = new ArrayList<>();
        actions.add(new RenewAt(renewTime(now, until, now)));
        // Polling slows down to the WebSub safety interval.
        FeedRuntime next = rt.hubRetryAt(null);
        if (!rt.fetching() && state.active()) {
          Instant at = (rt.lastFetchAt() == null ? now : rt.lastFetchAt()).plus(interval(after, now));
          next = next.nextFetchAt(at);
          actions.add(new TickAt(at));
        }
        return new FeedDecision(List.of(new WebSubVerified(ws.subId(), until)), next, actions,
            VerifyAnswer.confirm(cmd.challenge()));
      }
      case "unsubscribe" -> {
        if (ws.phase() != Phase.UNSUBSCRIBING || !hasChallenge) {
          return FeedDecision.reply(rt, VerifyAnswer.NOT_FOUND);
        }
        return new FeedDecision(List.of(new WebSubEnded(ws.subId(), "unsubscribed")), rt,
            List.of(), VerifyAnswer.confirm(cmd.challenge()));
      }
      case "denied" -> {
        String reason = "the hub " + ws.hub() + " denied the subscription"
            + (cmd.reason() == null ? "" : ": " + cmd.reason());
        FeedDecision d = hubFailed(state, rt, now, ws.with(Phase.REQUESTED, null), reason);
        return new FeedDecision(d.events(), d.runtime(), d.actions(), VerifyAnswer.confirm(""));
      }
      default -> {
        return FeedDecision.reply(rt, VerifyAnswer.NOT_FOUND);
      }
    }
  }

  /** Renew {@code renew-before} ahead of the lease's end, at most half-way through it. */
  Instant renewTime(Instant from, Instant until, Instant now) {
    Duration lease = Duration.between(from, until);
    Duration before = min(settings.renewBefore(), lease.dividedBy(2));
    Instant at = until.minus(before);
    return at.isBefore(now) ? now : at;
  }

  FeedDecision renew(FeedState state, FeedRuntime rt, Instant now) {
    WebSub ws = state.websub();
    if (ws == null || ws.phase() != Phase.ACTIVE || !state.active()) {
      return FeedDecision.none(rt);
    }
    WebSubRequested event = new WebSubRequested(ws.hub(), ws.topic(), ws.subId(), ws.secret(),
        now, true);
    return new FeedDecision(List.of(event), rt, List.of(
        new AskHub(new WebSubHub.Request(ws.hub(), "subscribe", ws.topic(), callback(ws.subId()),
            ws.secret(), settings.lease()), ws.subId()),
        new VerifyDeadline(ws.subId(), settings.verifyTimeout())), null);
  }

  /** Content distribution (WebSub §7): signed by the subscription's secret, or refused. */
  FeedDecision content(FeedState state, FeedRuntime rt, Instant now, Content cmd) {
    WebSub ws = state.websub();
    if (ws == null || !ws.subId().equals(cmd.subId())
        || !(ws.phase() == Phase.ACTIVE || ws.phase() == Phase.RENEWING) || !state.active()) {
      return FeedDecision.reply(rt, ContentAnswer.UNKNOWN);
    }
    if (!WebSubSignature.valid(ws.secret(), cmd.signature(), cmd.body())) {
      String problem = cmd.signature() == null
          ? "WebSub content without X-Hub-Signature refused"
          : "WebSub content with a wrong X-Hub-Signature refused";
      return new FeedDecision(List.of(), rt.problem(now, problem), List.of(new Warn(problem)),
          ContentAnswer.BAD_SIGNATURE);
    }
    return new FeedDecision(List.of(), rt, List.of(new Parse(cmd.body(), cmd.contentType())),
        ContentAnswer.ACCEPTED);
  }

  /** Pushed content parsed: its entries go the same way as a fetch's (validators unchanged). */
  FeedDecision contentParsed(FeedState state, FeedRuntime rt, Instant now, FeedDocument doc,
      String error) {
    if (!state.active()) {
      return FeedDecision.none(rt);
    }
    if (doc == null) {
      String problem = "WebSub content did not parse: " + error;
      return new FeedDecision(List.of(), rt.problem(now, problem), List.of(new Warn(problem)), null);
    }
    Accepted accepted = accept(state, doc, null, null, false);
    List<FeedAction> actions = new ArrayList<>(accepted.warnings());
    FeedRuntime next = rt.result("pushed by hub (" + accepted.fresh() + " new or changed)");
    next = deliverAll(accepted.state(), next, actions);
    return new FeedDecision(accepted.events(), next, actions, null);
  }

  // ---------------------------------------------------------------------------------- status

  FeedStatus status(FeedState state, FeedRuntime rt, Instant now, String node) {
    WebSub ws = state.websub();
    return new FeedStatus(url, List.copyOf(state.targets().keySet()),
        interval(state, now).toSeconds(), node, rt.lastFetchAt(), rt.lastResult(),
        rt.lastError(), rt.lastErrorAt(), rt.errors(), state.active() ? rt.nextFetchAt() : null,
        state.entriesAccepted(), rt.fetches(), rt.notModified(), state.pending().size(),
        ws == null ? "off" : ws.phase().name().toLowerCase(java.util.Locale.ROOT),
        ws == null ? null : ws.hub(), ws == null ? null : ws.leaseUntil());
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
