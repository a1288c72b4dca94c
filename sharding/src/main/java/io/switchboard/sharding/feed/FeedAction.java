package io.switchboard.sharding.feed;

import io.switchboard.sharding.feed.FeedState.Batch;
import java.time.Duration;
import java.time.Instant;

/** What a {@link Feed} does once a {@link FeedDecision}'s events are persisted. */
sealed interface FeedAction {

  /** Fetch the feed (one fetch at a time). */
  record Fetch(FetchRequest request) implements FeedAction {}

  /** (Re)arm the fetch timer for {@code at}. */
  record TickAt(Instant at) implements FeedAction {}

  /** Hand {@code batch} to {@code target}. */
  record Deliver(String target, Batch batch) implements FeedAction {}

  /** Ask {@code target} again after {@code after} (it did not answer). */
  record RetryDelivery(String target, Duration after) implements FeedAction {}

  /** Send a subscription request to a WebSub hub. */
  record AskHub(WebSubHub.Request request, String subId) implements FeedAction {}

  /** The hub must have verified {@code subId} within {@code after}. */
  record VerifyDeadline(String subId, Duration after) implements FeedAction {}

  /** Renew the WebSub lease at {@code at}. */
  record RenewAt(Instant at) implements FeedAction {}

  /** Parse content a hub delivered. */
  record Parse(byte[] body, String contentType) implements FeedAction {}

  /** Add to (true) or remove from (false) the cluster's list of feeds. */
  record Listed(boolean listed) implements FeedAction {}

  /** Log a problem of this feed at WARN (never a secret, never a body). */
  record Warn(String message) implements FeedAction {}

  /** Stop: the feed is attached nowhere. */
  enum Passivate implements FeedAction {
    INSTANCE
  }
}
