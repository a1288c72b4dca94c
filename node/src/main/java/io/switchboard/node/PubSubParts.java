package io.switchboard.node;

import io.switchboard.node.feeds.Feeds;
import io.switchboard.node.pubsub.CassandraItemStore;
import io.switchboard.sharding.ShardingSettings;
import io.switchboard.sharding.feed.FeedService;
import io.switchboard.sharding.pep.AccountRelations;
import io.switchboard.sharding.pubsub.PubSubService;
import io.switchboard.sharding.pubsub.PubSubSettings;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.router.Router;
import java.time.Duration;
import java.util.Set;

/**
 * XEP-0060 at pubsub.&lt;domain&gt; and every account's PEP service (XEP-0163), with what they
 * need first: the shard counts, the per-account quotas and the RSS/Atom feeds.
 *
 * @param sharding shard counts, read once (an invalid value stops start-up)
 * @param quotas per-account storage quotas (issue #23 F9)
 */
record PubSubParts(ShardingSettings sharding, AccountQuotas quotas, FeedService feeds, PubSubService pubsub) {

  static PubSubParts start(NodeCore core, Router router) {
    AccountRelations relations = new AccountRelations(router, Duration.ofSeconds(10));
    Set<String> pubsubAdmins = PubSubSettings.admins(core.systemConfig());
    // Shard counts and per-account storage quotas (issue #23 F9): read once, an invalid value stops start-up.
    ShardingSettings sharding = ShardingSettings.fromConfig(core.systemConfig());
    AccountQuotas quotas = AccountQuotas.fromConfig(core.systemConfig());
    // RSS/Atom feeds into pub-sub nodes (issue #24): before the service, which tells them of attachments.
    FeedService feeds = Feeds.start(core.system(), core.config(), sharding.numberOfShards());
    PubSubService pubsub = PubSubService.init(core.system(),
        sharding.numberOfShards(),
        PubSubSettings.fromConfig(core.systemConfig()),
        new PubSubService.Dependencies(core.metrics().pubsubRouting(router), relations, relations, core.clock(),
            user -> pubsubAdmins.contains(user.toString()), feeds, core.metrics().lifecycle("pubsub-node"),
            CassandraItemStore.of(core.persistence())), quotas); // payloads past the cache (#23 F9)
    return new PubSubParts(sharding, quotas, feeds, pubsub);
  }
}
