package io.switchboard.sharding.motd;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;

class CachedMotdTest {
  private static final DomainBareJid DOMAIN = Jids.domain("example.org");
  private static final Duration TTL = Duration.ofSeconds(30);

  /** A store whose reads complete when the test says (or at once when {@code immediate}). */
  private static class Store implements MotdTexts {
    final Map<DomainBareJid, String> texts = new HashMap<>();
    final List<CompletableFuture<Optional<String>>> pending = new ArrayList<>();
    boolean immediate = true;
    int reads;

    @Override
    public CompletionStage<Optional<String>> current(DomainBareJid domain) {
      reads++;
      if (immediate) {
        return CompletableFuture.completedFuture(Optional.ofNullable(texts.get(domain)));
      }
      CompletableFuture<Optional<String>> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    @Override
    public CompletionStage<Void> set(DomainBareJid domain, String text) {
      texts.put(domain, text);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(DomainBareJid domain) {
      texts.remove(domain);
      return CompletableFuture.completedFuture(null);
    }
  }

  private final Store store = new Store();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final List<DomainBareJid> published = new ArrayList<>();
  private final CachedMotd cache = new CachedMotd(store, clock, TTL, published::add);

  private Optional<String> current() {
    return cache.current(DOMAIN).toCompletableFuture().join();
  }

  @Test
  void current_withinTtl_readsTheStoreOnce() {
    store.texts.put(DOMAIN, "hello");
    assertThat(current()).contains("hello");
    store.texts.put(DOMAIN, "changed behind its back");
    clock.advance(TTL.minusSeconds(1));
    assertThat(current()).contains("hello");
    assertThat(store.reads).isEqualTo(1);
  }

  @Test
  void current_afterTtl_readsTheStoreAgain() {
    store.texts.put(DOMAIN, "hello");
    current();
    store.texts.put(DOMAIN, "a change this node never heard of");
    clock.advance(TTL);
    assertThat(current()).contains("a change this node never heard of");
    assertThat(store.reads).isEqualTo(2);
  }

  @Test
  void current_noText_isEmptyAndCachedToo() {
    assertThat(current()).isEmpty();
    assertThat(current()).isEmpty();
    assertThat(store.reads).isEqualTo(1);
  }

  @Test
  void current_concurrentMisses_shareOneRead() {
    store.immediate = false;
    CompletableFuture<Optional<String>> a = cache.current(DOMAIN).toCompletableFuture();
    CompletableFuture<Optional<String>> b = cache.current(DOMAIN).toCompletableFuture();
    assertThat(store.reads).isEqualTo(1);
    store.pending.get(0).complete(Optional.of("hello"));
    assertThat(a.join()).contains("hello");
    assertThat(b.join()).contains("hello");
  }

  @Test
  void set_writesTheStoreForgetsHereAndTellsTheOtherNodes() {
    store.texts.put(DOMAIN, "old");
    current();
    cache.set(DOMAIN, "new").toCompletableFuture().join();
    assertThat(published).containsExactly(DOMAIN);
    assertThat(current()).contains("new");
  }

  @Test
  void delete_writesTheStoreForgetsHereAndTellsTheOtherNodes() {
    store.texts.put(DOMAIN, "old");
    current();
    cache.delete(DOMAIN).toCompletableFuture().join();
    assertThat(published).containsExactly(DOMAIN);
    assertThat(current()).isEmpty();
  }

  @Test
  void forget_fromAnotherNode_nextLoginReadsTheStore() {
    store.texts.put(DOMAIN, "old");
    current();
    store.texts.put(DOMAIN, "set on another node");
    cache.forget(DOMAIN);
    assertThat(current()).contains("set on another node");
    assertThat(published).isEmpty();
  }

  @Test
  void forget_whileAReadIsUnderWay_thatReadIsNotKept() {
    store.immediate = false;
    CompletableFuture<Optional<String>> before = cache.current(DOMAIN).toCompletableFuture();
    cache.forget(DOMAIN);
    store.pending.get(0).complete(Optional.of("old"));
    assertThat(before.join()).contains("old");
    store.immediate = true;
    store.texts.put(DOMAIN, "new");
    assertThat(current()).contains("new");
    assertThat(store.reads).isEqualTo(2);
  }

  @Test
  void current_failedRead_failsThatLoginAndIsNotKept() {
    store.immediate = false;
    CompletableFuture<Optional<String>> failed = cache.current(DOMAIN).toCompletableFuture();
    store.pending.get(0).completeExceptionally(new IllegalStateException("Cassandra timeout"));
    assertThat(failed).isCompletedExceptionally();
    store.immediate = true;
    store.texts.put(DOMAIN, "hello");
    assertThat(current()).contains("hello");
  }

  @Test
  void current_storeThrows_failsThatLoginAndIsNotKept() {
    MotdTexts throwing = new Store() {
      @Override
      public CompletionStage<Optional<String>> current(DomainBareJid domain) {
        reads++;
        if (reads == 1) {
          throw new IllegalStateException("no session");
        }
        return super.current(domain);
      }
    };
    CachedMotd c = new CachedMotd(throwing, clock, TTL, published::add);
    assertThat(c.current(DOMAIN).toCompletableFuture()).isCompletedExceptionally();
    assertThat(c.current(DOMAIN).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void current_domainsAreApart() {
    DomainBareJid other = Jids.domain("other.example");
    store.texts.put(DOMAIN, "one");
    store.texts.put(other, "two");
    assertThat(current()).contains("one");
    assertThat(cache.current(other).toCompletableFuture().join()).contains("two");
    cache.forget(other);
    assertThat(current()).contains("one");
    assertThat(store.reads).isEqualTo(2);
  }
}
