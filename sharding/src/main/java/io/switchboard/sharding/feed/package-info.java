/**
 * RSS and Atom feeds published into pub-sub nodes: one fetch per feed for the whole cluster.
 *
 * <ul>
 *   <li>{@link io.switchboard.sharding.feed.FeedService}: the entry point. {@code init} registers
 *       the entities with sharding; the service attaches and detaches feeds (it is the pub-sub
 *       nodes' {@link io.switchboard.sharding.feed.FeedAttachments}), reports their status and
 *       hands WebSub callbacks to the feed's entity.</li>
 *   <li>{@link io.switchboard.sharding.feed.Feed}: one event-sourced entity per feed URL, with
 *       remember-entities, so exactly one node fetches each feed and fetching moves on failover.
 *       What it does is decided by {@code FeedLogic} (pure: state, runtime and time in; events
 *       and {@code FeedAction}s out); {@link io.switchboard.sharding.feed.FeedState} is what it
 *       persists.</li>
 *   <li>{@link io.switchboard.sharding.feed.FeedDirectory}: the URLs of every attached feed.</li>
 *   <li>Ports the node implements: {@link io.switchboard.sharding.feed.FeedFetcher} (HTTP and
 *       parsing), {@link io.switchboard.sharding.feed.WebSubHub} (subscription requests) and
 *       {@link io.switchboard.sharding.feed.FeedTargets} (where entries are published: pub-sub
 *       nodes, {@code pubsub.ShardedFeedTargets}).</li>
 * </ul>
 *
 * <p>This package does not depend on {@code pubsub}; {@code pubsub} depends on it (the node
 * configuration's {@code pubsub#feed_url}, the attachments, the targets).
 */
package io.switchboard.sharding.feed;
