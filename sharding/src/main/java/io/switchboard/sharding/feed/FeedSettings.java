package io.switchboard.sharding.feed;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of feed polling and WebSub, read once from {@code switchboard.feeds} (see the
 * sharding module's reference.conf; the HTTP client's limits are the node's, under
 * {@code switchboard.feeds.http}).
 *
 * @param defaultInterval poll interval of a feed attached without one
 * @param minInterval the shortest interval a feed may ask for (shorter ones are raised to it)
 * @param maxBackoff after failed fetches the interval doubles per failure up to this
 * @param maxRetryAfter a server's {@code Retry-After} is honoured up to this
 * @param startSpread after a restart or failover, feeds start fetching spread over this (by a
 *     hash of the URL), so a node that takes many feeds does not fetch them all at once
 * @param maxEntriesPerFetch only the newest this many entries of a document are looked at
 * @param rememberedEntries entry ids (with a digest) remembered per feed, to tell new and changed
 *     entries from seen ones; at least the size of the latest document is always kept
 * @param maxPendingBatches batches of entries waiting for a pub-sub node that does not answer;
 *     beyond it the oldest is dropped (with a logged error)
 * @param deliveryRetry a pub-sub node that did not answer is asked again after this
 * @param askTimeout how long a feed waits for a pub-sub node's answer
 * @param callbackBaseUrl the public base URL of the HTTP port for WebSub callbacks (behind a load
 *     balancer, the balancer's); empty turns WebSub off (feeds are polled)
 * @param lease the lease asked of a hub
 * @param renewBefore a lease is renewed this long before it expires
 * @param verifyTimeout a hub that has not verified a subscription within this has failed
 * @param websubPollInterval while a WebSub lease runs, the feed is still polled this often (a
 *     safety net for missed pushes)
 * @param hubRetry after a hub failed, it is asked again after this (the feed is polled meanwhile)
 */
public record FeedSettings(
    Duration defaultInterval,
    Duration minInterval,
    Duration maxBackoff,
    Duration maxRetryAfter,
    Duration startSpread,
    int maxEntriesPerFetch,
    int rememberedEntries,
    int maxPendingBatches,
    Duration deliveryRetry,
    Duration askTimeout,
    int snapshotEvery,
    int keepSnapshots,
    boolean rememberEntities,
    String journalPluginId,
    String snapshotPluginId,
    String callbackBaseUrl,
    Duration lease,
    Duration renewBefore,
    Duration verifyTimeout,
    Duration websubPollInterval,
    Duration hubRetry) {

  public static final String PATH = "switchboard.feeds";

  public FeedSettings {
    positive(defaultInterval, "default-interval");
    positive(minInterval, "min-interval");
    require(!defaultInterval.minus(minInterval).isNegative(), "default-interval",
        "must not be shorter than min-interval");
    positive(maxBackoff, "max-backoff");
    positive(maxRetryAfter, "max-retry-after");
    require(!startSpread.isNegative(), "start-spread", "must not be negative");
    require(maxEntriesPerFetch >= 1 && maxEntriesPerFetch <= 1000, "max-entries-per-fetch",
        "must be 1..1000");
    require(rememberedEntries >= 1, "remembered-entries", "must be at least 1");
    require(maxPendingBatches >= 1, "max-pending-batches", "must be at least 1");
    positive(deliveryRetry, "delivery-retry");
    positive(askTimeout, "ask-timeout");
    require(snapshotEvery >= 1, "snapshot-every", "must be at least 1");
    require(keepSnapshots >= 1, "keep-snapshots", "must be at least 1");
    callbackBaseUrl = callbackBaseUrl == null ? "" : callbackBaseUrl.trim();
    while (callbackBaseUrl.endsWith("/")) {
      callbackBaseUrl = callbackBaseUrl.substring(0, callbackBaseUrl.length() - 1);
    }
    if (!callbackBaseUrl.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(callbackBaseUrl);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      require(uri != null && uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
          "callback-base-url", "must be an http or https URL such as https://xmpp.example.com");
    }
    positive(lease, "websub.lease");
    positive(renewBefore, "websub.renew-before");
    require(renewBefore.compareTo(lease) < 0, "websub.renew-before", "must be shorter than the lease");
    positive(verifyTimeout, "websub.verify-timeout");
    positive(websubPollInterval, "websub.poll-interval");
    positive(hubRetry, "websub.hub-retry");
  }

  public boolean websubEnabled() {
    return !callbackBaseUrl.isEmpty();
  }

  /** Defaults for tests: as reference.conf, WebSub off. */
  public static FeedSettings defaults() {
    return new FeedSettings(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(6),
        Duration.ofHours(24), Duration.ofSeconds(30), 50, 1000, 100, Duration.ofSeconds(5),
        Duration.ofSeconds(10), 100, 2, true, "", "", "", Duration.ofDays(10),
        Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofHours(1));
  }

  public FeedSettings withCallbackBaseUrl(String url) {
    return new FeedSettings(defaultInterval, minInterval, maxBackoff, maxRetryAfter, startSpread,
        maxEntriesPerFetch, rememberedEntries, maxPendingBatches, deliveryRetry, askTimeout,
        snapshotEvery, keepSnapshots, rememberEntities, journalPluginId, snapshotPluginId, url,
        lease, renewBefore, verifyTimeout, websubPollInterval, hubRetry);
  }

  /** Reads {@value #PATH} from a config that includes this module's reference.conf. */
  public static FeedSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    Config w = c.getConfig("websub");
    return new FeedSettings(
        c.getDuration("default-interval"),
        c.getDuration("min-interval"),
        c.getDuration("max-backoff"),
        c.getDuration("max-retry-after"),
        c.getDuration("start-spread"),
        c.getInt("max-entries-per-fetch"),
        c.getInt("remembered-entries"),
        c.getInt("max-pending-batches"),
        c.getDuration("delivery-retry"),
        c.getDuration("ask-timeout"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getBoolean("remember-entities"),
        c.getString("journal-plugin-id"),
        c.getString("snapshot-plugin-id"),
        c.getString("callback-base-url"),
        w.getDuration("lease"),
        w.getDuration("renew-before"),
        w.getDuration("verify-timeout"),
        w.getDuration("poll-interval"),
        w.getDuration("hub-retry"));
  }

  private static void positive(Duration d, String key) {
    require(d != null && !d.isNegative() && !d.isZero(), key, "must be positive");
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(PATH + "." + key + " " + problem);
    }
  }
}
