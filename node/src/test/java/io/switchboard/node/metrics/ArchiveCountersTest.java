package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.mam.ArchiveEntry;
import io.switchboard.sharding.mam.ArchiveFilter;
import io.switchboard.sharding.mam.ArchivePage;
import io.switchboard.sharding.mam.MessageArchive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;

class ArchiveCountersTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final BareJid amy = Jids.bare("amy@example.com");
  private final ArchiveEntry entry = new ArchiveEntry(UUID.randomUUID(), Instant.EPOCH, "ben@example.com", true,
      XmlElement.of("message", "jabber:client"));
  /** The archive's answers, in order; each query's completes only when the test completes it. */
  private final Deque<CompletableFuture<ArchivePage>> queries = new ArrayDeque<>();
  private int appends;

  /** The first append succeeds, the second fails (storage down). */
  private final MessageArchive archive = new MessageArchive() {
    @Override
    public CompletionStage<Void> append(BareJid owner, ArchiveEntry e) {
      return ++appends == 1 ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("storage down"));
    }

    @Override
    public CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter filter) {
      CompletableFuture<ArchivePage> f = new CompletableFuture<>();
      queries.add(f);
      return f;
    }

    @Override
    public CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Void> deleteAll(BareJid owner) {
      return CompletableFuture.completedFuture(null);
    }
  };

  @Test
  void append_countedByOutcome() {
    MessageArchive counted = new ArchiveCounters(archive, registry);
    counted.append(amy, entry);
    counted.append(amy, entry);
    assertThat(registry.get("switchboard.mam.writes").tag("result", "ok").counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.mam.writes").tag("result", "failed").counter().count()).isEqualTo(1);
  }

  @Test
  void query_timedFromCallToAnswer_byOutcome() {
    MessageArchive counted = new ArchiveCounters(archive, registry);
    counted.query(amy, ArchiveFilter.first(10));
    clock.add(Duration.ofMillis(20));
    queries.remove().complete(new ArchivePage(List.of(), true));

    counted.query(amy, ArchiveFilter.first(10));
    clock.add(Duration.ofMillis(300));
    // As a thenCompose'd stage fails: the UnknownId wrapped in a CompletionException.
    queries.remove().completeExceptionally(
        new java.util.concurrent.CompletionException(new MessageArchive.UnknownId(UUID.randomUUID())));

    counted.query(amy, ArchiveFilter.first(10));
    clock.add(Duration.ofSeconds(3));
    queries.remove().completeExceptionally(new IllegalStateException("storage down"));

    Timer ok = registry.get("switchboard.mam.queries").tag("result", "ok").timer();
    assertThat(ok.count()).isEqualTo(1);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
    assertThat(bucket(ok, Duration.ofMillis(10))).isZero();
    assertThat(bucket(ok, Duration.ofMillis(25))).isEqualTo(1);
    Timer notFound = registry.get("switchboard.mam.queries").tag("result", "item-not-found").timer();
    assertThat(notFound.count()).isEqualTo(1);
    assertThat(notFound.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
    Timer failed = registry.get("switchboard.mam.queries").tag("result", "failed").timer();
    assertThat(failed.count()).isEqualTo(1);
    assertThat(bucket(failed, Duration.ofMillis(2500))).isZero();
  }

  @Test
  void edgeAndDeleteAll_notCounted() {
    MessageArchive counted = new ArchiveCounters(archive, registry);
    counted.edge(amy, true);
    counted.deleteAll(amy);
    assertThat(registry.get("switchboard.mam.queries").timers()).allMatch(t -> t.count() == 0);
    assertThat(registry.get("switchboard.mam.writes").counters()).allMatch(c -> c.count() == 0);
  }

  /** Queries at most {@code le} (the cumulative bucket). */
  private static double bucket(Timer timer, Duration le) {
    for (CountAtBucket b : timer.takeSnapshot().histogramCounts()) {
      if (b.bucket(TimeUnit.NANOSECONDS) == le.toNanos()) {
        return b.count();
      }
    }
    throw new AssertionError("no bucket " + le);
  }
}
