package io.switchboard.sharding.pubsub;

import io.switchboard.sharding.feed.FeedEntry;
import io.switchboard.sharding.feed.FeedTargets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * {@link FeedTargets} over cluster sharding: a batch goes to the target's {@link PubSubNode}
 * entity ({@code target} is its entity id, {@code service/node}) as a
 * {@link PubSubNode.FeedPublish}.
 */
public final class ShardedFeedTargets implements FeedTargets {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ShardedFeedTargets(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Outcome> deliver(String target, String feedUrl, long seq,
      List<FeedEntry> entries) {
    List<PubSubNode.FeedItem> items = entries.stream()
        .map(e -> new PubSubNode.FeedItem(e.id(), e.payload())).toList();
    return sharding.entityRefFor(PubSubNode.TYPE_KEY, target)
        .<PubSubNode.FeedPublished>ask(
            replyTo -> new PubSubNode.FeedPublish(feedUrl, seq, items, replyTo), timeout)
        .thenApply(r -> r.attached() ? Outcome.PUBLISHED : Outcome.NOT_ATTACHED);
  }
}
