package io.switchboard.sharding.feed;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a feed's entity knows only while it runs on this node (not persisted): the fetch in
 * flight, the schedule, the last results for the status, and deliveries in flight. A failover
 * starts it afresh; the persisted {@link FeedState} holds what must survive.
 */
record FeedRuntime(
    boolean fetching,
    Instant nextFetchAt,
    Instant lastFetchAt,
    String lastResult,
    String lastError,
    Instant lastErrorAt,
    int errors,
    long fetches,
    long notModified,
    Set<String> delivering,
    Instant hubRetryAt) {

  static final FeedRuntime START =
      new FeedRuntime(false, null, null, null, null, null, 0, 0, 0, Set.of(), null);

  FeedRuntime {
    delivering = Set.copyOf(delivering);
  }

  FeedRuntime fetching(boolean f) {
    return new FeedRuntime(f, nextFetchAt, lastFetchAt, lastResult, lastError, lastErrorAt, errors,
        fetches, notModified, delivering, hubRetryAt);
  }

  FeedRuntime nextFetchAt(Instant at) {
    return new FeedRuntime(fetching, at, lastFetchAt, lastResult, lastError, lastErrorAt, errors,
        fetches, notModified, delivering, hubRetryAt);
  }

  /** A fetch finished at {@code now} with {@code result}; {@code error} null when it succeeded. */
  FeedRuntime fetched(Instant now, String result, String error, boolean notModifiedAnswer) {
    return new FeedRuntime(false, nextFetchAt, now, result,
        error == null ? lastError : error, error == null ? lastErrorAt : now,
        error == null ? 0 : errors + 1, fetches + 1, notModified + (notModifiedAnswer ? 1 : 0),
        delivering, hubRetryAt);
  }

  FeedRuntime result(String result) {
    return new FeedRuntime(fetching, nextFetchAt, lastFetchAt, result, lastError, lastErrorAt,
        errors, fetches, notModified, delivering, hubRetryAt);
  }

  /** A problem that is not a failed fetch (a hub, a delivery, a bad push). */
  FeedRuntime problem(Instant now, String error) {
    return new FeedRuntime(fetching, nextFetchAt, lastFetchAt, lastResult, error, now, errors,
        fetches, notModified, delivering, hubRetryAt);
  }

  FeedRuntime delivering(String target, boolean inFlight) {
    Set<String> next = new LinkedHashSet<>(delivering);
    if (inFlight) {
      next.add(target);
    } else {
      next.remove(target);
    }
    return new FeedRuntime(fetching, nextFetchAt, lastFetchAt, lastResult, lastError, lastErrorAt,
        errors, fetches, notModified, next, hubRetryAt);
  }

  FeedRuntime hubRetryAt(Instant at) {
    return new FeedRuntime(fetching, nextFetchAt, lastFetchAt, lastResult, lastError, lastErrorAt,
        errors, fetches, notModified, delivering, at);
  }
}
