package io.switchboard.sharding.feed;

/**
 * How a pub-sub node tells feeds that it publishes their entries ({@code pubsub#feed_url} set,
 * changed or cleared, the node deleted). Fire and forget, idempotent: the node tells again each
 * time it starts, and a feed that finds a node no longer attached detaches it itself.
 */
public interface FeedAttachments {

  /** {@code target} ({@code service/node}) publishes the entries of {@code url}. */
  void attach(String url, String target, int intervalSeconds);

  void detach(String url, String target);

  /** Feeds not wired (tests of pub-sub alone). */
  FeedAttachments NONE = new FeedAttachments() {
    @Override
    public void attach(String url, String target, int intervalSeconds) {}

    @Override
    public void detach(String url, String target) {}
  };
}
