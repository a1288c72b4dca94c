package io.switchboard.sharding.feed;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a {@link Feed} publishes: the pub-sub nodes it is attached to, each named
 * {@code service/node}. Over cluster sharding in production ({@link ShardedFeedTargets}).
 */
public interface FeedTargets {

  /** The answer of a pub-sub node to a batch. */
  enum Outcome {
    /** Published (or already published earlier: the node's high-water mark covers it). */
    PUBLISHED,
    /** The node does not exist or is not attached to this feed (any more). */
    NOT_ATTACHED
  }

  /**
   * Publishes {@code entries} (oldest first) as items of {@code target}, as batch {@code seq} of
   * {@code feedUrl}. Completes exceptionally when the node did not answer in time.
   */
  CompletionStage<Outcome> deliver(String target, String feedUrl, long seq, List<FeedEntry> entries);
}
