package io.switchboard.node.feeds;

import com.typesafe.config.Config;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.sharding.feed.FeedService;
import io.switchboard.sharding.feed.FeedSettings;
import io.switchboard.sharding.feed.WebSubHub;
import io.switchboard.sharding.pubsub.ShardedFeedTargets;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires feeds on a node: the HTTP adapters of the feed ports (one shared JDK HTTP client on a
 * small pool of its own, also used for DNS checks and parsing), pub-sub nodes as targets, and the
 * status source. Call before the pub-sub service starts (it tells feeds of attachments).
 */
public final class Feeds {
  private static final Logger log = LoggerFactory.getLogger(Feeds.class);
  private static final int THREADS = 2;

  private Feeds() {}

  public static FeedService start(ActorSystem<?> system, Config config, int numberOfShards) {
    FeedSettings settings = FeedSettings.fromConfig(system.settings().config());
    FeedHttpSettings http = FeedHttpSettings.fromConfig(config);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "feeds-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    system.getWhenTerminated().whenComplete((done, e) -> pool.shutdownNow());
    HttpClient client = HttpFeedFetcher.client(http, pool);
    WebSubHub hub = settings.websubEnabled() ? new HttpWebSubHub(http, client, pool) : WebSubHub.NONE;
    FeedService feeds = FeedService.init(system, numberOfShards, settings,
        new FeedService.Dependencies(new HttpFeedFetcher(http, client, pool, Clock.systemUTC()), hub,
            new ShardedFeedTargets(ClusterSharding.get(system), settings.askTimeout()),
            Clock.systemUTC()));
    NodeStatus.get(system).registerFeeds(feeds::statuses);
    log.info("Feeds: default interval {} s (min {} s), body limit {} bytes, timeout {} s, WebSub {}",
        settings.defaultInterval().toSeconds(), settings.minInterval().toSeconds(), http.maxBodyBytes(),
        http.timeout().toSeconds(), settings.websubEnabled()
            ? "on, callbacks at " + settings.callbackBaseUrl() + "/websub/..." : "off (no callback-base-url)");
    return feeds;
  }
}
