package io.switchboard.sharding.feed;

import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What a feed reports about itself (CLI, status JSON, API). Times are null when the thing has not
 * happened since the feed's entity started on its current node; {@code entriesSeen} and the
 * WebSub fields are persisted and survive a failover, the counters do not.
 *
 * @param fetchedBy the cluster address of the node whose entity fetches the feed
 * @param lastResult {@code 200 (n new)}, {@code 304 not modified}, {@code error}, or
 *     {@code pushed by hub}
 * @param websub off, requested, active, renewing or unsubscribing
 */
public record FeedStatus(
    String url,
    List<String> targets,
    long intervalSeconds,
    String fetchedBy,
    Instant lastFetch,
    String lastResult,
    String lastError,
    Instant lastErrorAt,
    int consecutiveErrors,
    Instant nextFetch,
    long entriesSeen,
    long fetches,
    long notModified,
    int pendingBatches,
    String websub,
    String hub,
    Instant leaseUntil) implements CborSerializable {}
