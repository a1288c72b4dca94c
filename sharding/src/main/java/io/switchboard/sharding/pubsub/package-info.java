/**
 * XEP-0060 publish-subscribe at {@code pubsub.<domain>} and XEP-0163 PEP at every account.
 *
 * <ul>
 *   <li>{@link io.switchboard.sharding.pubsub.PubSubService}: the entry point. {@code init}
 *       registers the entities with sharding; {@code handle} takes stanzas addressed to the
 *       service domain, {@code handlePep} pub-sub IQs addressed to an account's bare JID,
 *       {@code contactOnline} sends last items to a contact that came online.</li>
 *   <li>{@link io.switchboard.sharding.pubsub.PubSubNode}: one event-sourced entity per node,
 *       keyed {@code service + "/" + node}; config, affiliations, subscriptions and the newest
 *       {@code max_items} items are its state (items live in the journal, see the class
 *       comment for why). Request handling is split into NodeLogic (parses a request and hands
 *       it on), LifecycleLogic (create, configure, delete, purge), PublishLogic (publish,
 *       retract, feed batches), ItemRetrieval, SubscriptionLogic, AffiliationLogic, NodeDisco,
 *       NodeAccess (affiliations and access models) and NodeNotifier (outgoing stanzas through a
 *       batching FanOut child).</li>
 *   <li>{@link io.switchboard.sharding.pubsub.PubSubDirectory}: the node names of each service
 *       (disco#items, service-wide subscription queries, PEP last-item on presence), and the
 *       single writer of a PEP account's node quota: a node about to be created reserves its slot
 *       there ({@link io.switchboard.sharding.pubsub.PepQuota}).</li>
 *   <li>Feeds ({@code io.switchboard.sharding.feed}): a node whose {@code pubsub#feed_url} is set
 *       tells the feed (attach/detach), and takes its batches as
 *       {@link io.switchboard.sharding.pubsub.PubSubNode.FeedPublish}, each once (a per-feed
 *       high-water mark in the state); {@link io.switchboard.sharding.pubsub.ShardedFeedTargets}
 *       is how feeds reach nodes.</li>
 *   <li>Ports the node implements: {@link io.switchboard.sharding.pubsub.OwnerRelations} (the
 *       owner's roster, for the presence and roster access models) and
 *       {@link io.switchboard.sharding.pubsub.PepAudience} (who gets PEP notifications).</li>
 * </ul>
 */
package io.switchboard.sharding.pubsub;
