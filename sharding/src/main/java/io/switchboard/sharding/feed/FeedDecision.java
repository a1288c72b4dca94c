package io.switchboard.sharding.feed;

import io.switchboard.sharding.feed.Feed.Event;
import java.util.List;

/**
 * What a feed decided: events to persist, its in-memory {@link FeedRuntime} afterwards, what to
 * do once the events are persisted, and the answer to the command (null: none).
 */
record FeedDecision(List<Event> events, FeedRuntime runtime, List<FeedAction> actions,
    Object reply) {

  FeedDecision {
    events = List.copyOf(events);
    actions = List.copyOf(actions);
  }

  static FeedDecision none(FeedRuntime runtime) {
    return new FeedDecision(List.of(), runtime, List.of(), null);
  }

  static FeedDecision reply(FeedRuntime runtime, Object reply) {
    return new FeedDecision(List.of(), runtime, List.of(), reply);
  }
}
