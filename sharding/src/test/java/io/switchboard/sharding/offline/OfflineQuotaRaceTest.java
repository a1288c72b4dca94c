package io.switchboard.sharding.offline;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;

/**
 * Issue #23 F9: 1,001 rows were stored against a quota of 1,000. The store checks the quota the
 * way Cassandra's does: it counts when the write starts and inserts when it completes, so two
 * writes in flight both see the last free slot.
 */
class OfflineQuotaRaceTest {
  private static final int QUOTA = 3;

  /** Count at call time, insert when {@link #completeAll} runs; never atomic. */
  private static class CountThenInsert implements OfflineMessages {
    final List<StoredMessage> rows = new ArrayList<>();
    final List<Runnable> running = new ArrayList<>();
    int maxRunning;
    int writes;

    @Override
    public CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp) {
      int counted = rows.size();
      CompletableFuture<Boolean> done = new CompletableFuture<>();
      running.add(() -> {
        if (counted >= QUOTA) {
          done.complete(false);
        } else {
          rows.add(new StoredMessage(UUID.randomUUID(), stanza, stamp));
          done.complete(true);
        }
      });
      maxRunning = Math.max(maxRunning, running.size());
      writes++;
      return done;
    }

    void completeAll() {
      List<Runnable> now = List.copyOf(running);
      running.clear();
      now.forEach(Runnable::run);
    }

    @Override
    public CompletionStage<List<StoredMessage>> fetch(EntityBareJid user) {
      return CompletableFuture.completedFuture(List.copyOf(rows));
    }

    @Override
    public CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** As Cassandra's {@code appendAll}: one count at call time for the batch, inserts at completion. */
  private static final class BatchedCountThenInsert extends CountThenInsert {
    final int quota;

    BatchedCountThenInsert(int quota) {
      this.quota = quota;
    }

    @Override
    public CompletionStage<Integer> storeAll(EntityBareJid user, List<XmlElement> stanzas, Instant stamp) {
      int counted = rows.size();
      CompletableFuture<Integer> done = new CompletableFuture<>();
      running.add(() -> {
        int k = io.switchboard.persistence.offline.OfflineQuota.admit(Math.min(counted, quota), stanzas.size(), quota);
        for (int i = 0; i < k; i++) {
          rows.add(new StoredMessage(UUID.randomUUID(), stanzas.get(i), stamp));
        }
        done.complete(k);
      });
      maxRunning = Math.max(maxRunning, running.size());
      writes++;
      return done;
    }
  }

  private static void settle(TestSessionContext ctx, OfflineInbox inbox, CountThenInsert store) {
    for (int round = 0; round < 1000 && !(store.running.isEmpty() && ctx.selfMessages.isEmpty()); round++) {
      store.completeAll();
      List<UserSession.Command> answers = List.copyOf(ctx.selfMessages);
      ctx.selfMessages.clear();
      answers.forEach(c -> inbox.onInternal((OfflineInbox.Internal) c));
    }
  }

  /**
   * The burst of issue #23 F9 against a store that counts once per batch: exactly the quota is
   * stored, the rest refused with resource-constraint, in a handful of writes (not one per message).
   */
  @Test
  void storeAll_burstPastTheQuota_exactlyTheQuotaInFewWrites() {
    int quota = 150;
    TestSessionContext ctx = PartFixture.juliet();
    BatchedCountThenInsert store = new BatchedCountThenInsert(quota);
    OfflineInbox inbox = new OfflineInbox(ctx, store);

    for (int i = 0; i < 200; i++) {
      inbox.store(message("romeo@example.com/o", JULIET, "chat", "m" + i));
    }
    settle(ctx, inbox, store);

    assertThat(store.rows).hasSize(quota);
    assertThat(store.rows.get(quota - 1).stanza().toXml()).as("the first ones are kept").contains("m" + (quota - 1));
    assertThat(store.maxRunning).as("one write at a time").isEqualTo(1);
    assertThat(store.writes).as("batched: 1 + ceil(199 / 64)").isEqualTo(5);
    List<XmlElement> errors = ctx.routing.drain();
    assertThat(errors).hasSize(50).allSatisfy(e -> assertThat(e.toXml()).contains("resource-constraint"));
  }

  @Test
  void storeAll_afterRowsWentAway_countsAgainAndAdmits() {
    int quota = 3;
    TestSessionContext ctx = PartFixture.juliet();
    BatchedCountThenInsert store = new BatchedCountThenInsert(quota);
    OfflineInbox inbox = new OfflineInbox(ctx, store);
    for (int i = 0; i < 4; i++) {
      inbox.store(message("romeo@example.com/o", JULIET, "chat", "a" + i));
    }
    settle(ctx, inbox, store);
    assertThat(store.rows).hasSize(3);
    store.rows.remove(0); // delivered, or expired by its TTL: nothing cached, the next write counts again

    inbox.store(message("romeo@example.com/o", JULIET, "chat", "b"));
    settle(ctx, inbox, store);
    assertThat(store.rows).hasSize(3);
    assertThat(store.rows.get(2).stanza().toXml()).contains(">b<");
  }

  @Test
  void store_manyAtOnceAgainstANonAtomicQuota_neverMoreThanTheQuota() {
    TestSessionContext ctx = PartFixture.juliet();
    CountThenInsert store = new CountThenInsert();
    OfflineInbox inbox = new OfflineInbox(ctx, store);

    for (int i = 0; i < QUOTA + 2; i++) {
      inbox.store(message("romeo@example.com/o", JULIET, "chat", "m" + i));
    }
    // Let every write that was started finish, and the inbox start the next, until none is left.
    for (int round = 0; round < 20 && !(store.running.isEmpty() && ctx.selfMessages.isEmpty()); round++) {
      store.completeAll();
      List<UserSession.Command> answers = List.copyOf(ctx.selfMessages);
      ctx.selfMessages.clear();
      answers.forEach(c -> inbox.onInternal((OfflineInbox.Internal) c));
    }

    assertThat(store.rows).hasSize(QUOTA);
    assertThat(store.maxRunning).isEqualTo(1);
    assertThat(ctx.routing.drain()).filteredOn(s -> "error".equals(s.attr("type"))).hasSize(2);
  }

  @Test
  void store_morePastTheWriteQueue_refusedAtOnceWithResourceConstraint() {
    TestSessionContext ctx = PartFixture.juliet();
    CountThenInsert store = new CountThenInsert();
    OfflineInbox inbox = new OfflineInbox(ctx, store, 2);

    for (int i = 0; i < 4; i++) { // one written, two waiting, one refused
      inbox.store(message("romeo@example.com/o", JULIET, "chat", "m" + i));
    }

    List<XmlElement> refused = ctx.routing.drain();
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).toXml()).contains("resource-constraint");
    assertThat(store.running).as("one write at a time").hasSize(1);
    for (int round = 0; round < 10 && !(store.running.isEmpty() && ctx.selfMessages.isEmpty()); round++) {
      store.completeAll();
      List<UserSession.Command> answers = List.copyOf(ctx.selfMessages);
      ctx.selfMessages.clear();
      answers.forEach(c -> inbox.onInternal((OfflineInbox.Internal) c));
    }
    assertThat(store.rows).as("the waiting ones were written").hasSize(3);
  }
}
