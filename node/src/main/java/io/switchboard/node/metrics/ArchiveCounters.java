package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.protocol.util.Failures;
import io.switchboard.sharding.mam.ArchiveEntry;
import io.switchboard.sharding.mam.ArchiveFilter;
import io.switchboard.sharding.mam.ArchivePage;
import io.switchboard.sharding.mam.MessageArchive;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * The message archives (XEP-0313) as the session and room entities use them, counting what they
 * did: writes by outcome, and queries by outcome with their latency as a histogram of a few fixed
 * buckets (aggregatable across nodes, unlike client-side percentiles). One decorator for both the
 * accounts' and the rooms' archives, so neither {@code MessageArchiving} nor the room needs
 * metrics of its own. The latency is read from the registry's clock.
 */
final class ArchiveCounters implements MessageArchive {
  /** Histogram buckets of a query's latency: one Cassandra page is a few ms, a full-JID scan more. */
  static final Duration[] QUERY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500)};

  private final MessageArchive archive;
  private final MeterRegistry registry;
  private final Counter written;
  private final Counter writeFailed;
  private final Timer answered;
  private final Timer unknownId;
  private final Timer queryFailed;

  ArchiveCounters(MessageArchive archive, MeterRegistry registry) {
    this.archive = archive;
    this.registry = registry;
    this.written = writes(registry, "ok");
    this.writeFailed = writes(registry, "failed");
    this.answered = queries(registry, "ok");
    this.unknownId = queries(registry, "item-not-found");
    this.queryFailed = queries(registry, "failed");
  }

  private static Counter writes(MeterRegistry registry, String result) {
    return Counter.builder("switchboard.mam.writes")
        .description("Messages written to account and room archives (XEP-0313), by outcome")
        .tag("result", result).register(registry);
  }

  private static Timer queries(MeterRegistry registry, String result) {
    return Timer.builder("switchboard.mam.queries")
        .description("Archive queries (XEP-0313) by outcome (item-not-found: an id the query names is not archived)")
        .tag("result", result)
        .serviceLevelObjectives(QUERY_BUCKETS)
        .register(registry);
  }

  @Override
  public CompletionStage<Void> append(BareJid owner, ArchiveEntry entry) {
    return archive.append(owner, entry).whenComplete((ok, failure) ->
        (failure == null ? written : writeFailed).increment());
  }

  @Override
  public CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter filter) {
    Timer.Sample started = Timer.start(registry);
    return archive.query(owner, filter).whenComplete((page, failure) -> started.stop(
        failure == null ? answered : Failures.cause(failure) instanceof UnknownId ? unknownId : queryFailed));
  }

  @Override
  public CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest) {
    return archive.edge(owner, newest);
  }

  @Override
  public CompletionStage<Void> deleteAll(BareJid owner) {
    return archive.deleteAll(owner);
  }
}
