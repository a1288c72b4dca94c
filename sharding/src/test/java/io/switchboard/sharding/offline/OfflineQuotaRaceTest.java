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
  private static final class CountThenInsert implements OfflineMessages {
    final List<StoredMessage> rows = new ArrayList<>();
    final List<Runnable> running = new ArrayList<>();
    int maxRunning;

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
