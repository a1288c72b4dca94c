package io.switchboard.sharding.motd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jxmpp.jid.DomainBareJid;

/**
 * One node's cache of the message of the day in front of the cluster's store, so a login reads
 * memory, not Cassandra. Thread-safe.
 *
 * <p>How a change reaches every node: the node that sets or deletes the text writes the store
 * first, then forgets its own entry and publishes the domain ({@code changed}, a cluster-wide
 * topic in {@code node}); every other node forgets its entry when that arrives ({@link #forget}),
 * and its next login reads the store again. The topic is best effort (lost in a partition, not
 * replayed to a node that joins later), so an entry also lives at most {@code ttl}: a node that
 * missed a change serves the old text for {@code ttl} at worst.
 *
 * <p>Concurrent logins share one read (a login storm after a restart costs one query per domain).
 * A read that was under way when the entry was forgotten may still answer the logins that asked
 * for it with the old text, but it is not kept: it completes into the cache only while its own
 * entry is still there (compared by identity). A failed read is not kept either, so the next login
 * tries again.
 */
public final class CachedMotd implements MotdTexts {

  /** A domain's entry: the read (under way or done) and when it expires (null while under way). */
  private record Entry(CompletableFuture<Optional<String>> text, Instant expires) {}

  private final MotdTexts store;
  private final Clock clock;
  private final Duration ttl;
  private final Consumer<DomainBareJid> changed;
  private final Map<DomainBareJid, Entry> entries = new HashMap<>();

  /**
   * @param store the cluster's texts (Cassandra)
   * @param ttl how long an entry is served at most
   * @param changed tells the other nodes that the domain's text changed
   */
  public CachedMotd(MotdTexts store, Clock clock, Duration ttl, Consumer<DomainBareJid> changed) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
    this.changed = changed;
  }

  @Override
  public CompletionStage<Optional<String>> current(DomainBareJid domain) {
    CompletableFuture<Optional<String>> read;
    synchronized (this) {
      Entry e = entries.get(domain);
      if (e != null && (e.expires() == null || clock.instant().isBefore(e.expires()))) {
        return e.text().minimalCompletionStage();
      }
      read = new CompletableFuture<>();
      entries.put(domain, new Entry(read, null));
    }
    CompletionStage<Optional<String>> fromStore;
    try {
      fromStore = store.current(domain);
    } catch (RuntimeException e) {
      fromStore = CompletableFuture.failedFuture(e);
    }
    fromStore.whenComplete((text, failure) -> {
      synchronized (this) {
        Entry e = entries.get(domain);
        if (e != null && e.text() == read) {
          if (failure != null) {
            entries.remove(domain);
          } else {
            entries.put(domain, new Entry(read, clock.instant().plus(ttl)));
          }
        }
      }
      if (failure != null) {
        read.completeExceptionally(failure);
      } else {
        read.complete(text);
      }
    });
    return read.minimalCompletionStage();
  }

  @Override
  public CompletionStage<Void> set(DomainBareJid domain, String text) {
    return store.set(domain, text).thenRun(() -> changedHere(domain));
  }

  @Override
  public CompletionStage<Void> delete(DomainBareJid domain) {
    return store.delete(domain).thenRun(() -> changedHere(domain));
  }

  /** Another node changed the domain's text: the next login here reads the store. */
  public void forget(DomainBareJid domain) {
    synchronized (this) {
      entries.remove(domain);
    }
  }

  private void changedHere(DomainBareJid domain) {
    forget(domain);
    changed.accept(domain);
  }
}
