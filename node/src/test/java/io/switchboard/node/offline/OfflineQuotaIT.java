package io.switchboard.node.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

/**
 * Issue #23 F9 on real Cassandra: the offline quota holds exactly under a concurrent burst.
 * Several senders each send a burst in one write, all at once, to one offline account; the
 * session entity writes them in batches (one count per batch, one batch at a time), so the
 * account ends with exactly its quota and every message past it comes back as
 * {@code resource-constraint}. Written one at a time this was exact but slow; written in parallel
 * it was fast and stored more than the quota (1,001 rows against 1,000).
 */
@ExtendWith(CassandraExtension.class)
class OfflineQuotaIT {
  private static final int QUOTA = 50;
  private static final int SENDERS = 4;
  private static final int PER_SENDER = 60;

  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    String[] users = new String[SENDERS + 1];
    users[0] = "quinn";
    for (int i = 0; i < SENDERS; i++) {
      users[i + 1] = "sender" + i;
    }
    node = InProcessNode.startWithAccounts("offline_quota_it",
        Map.of("switchboard.cassandra.offline.max-per-user", QUOTA), users);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void concurrentBurstsIntoOneOfflineAccount_exactlyTheQuotaStored_restResourceConstraint() throws Exception {
    EntityBareJid quinn = Jids.bare("quinn@" + node.domain());
    List<RawClient> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      for (int s = 0; s < SENDERS; s++) {
        clients.add(RawClient.login(node, "sender" + s, "sender" + s + "-pw", "burst"));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> sent = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        RawClient c = clients.get(s);
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < PER_SENDER; i++) {
          burst.append("<message type='chat' id='s").append(s).append('-').append(i).append("' to='").append(quinn)
              .append("'><body>burst ").append(s).append('/').append(i).append("</body></message>");
        }
        sent.add(pool.submit(() -> {
          go.await();
          c.send(burst.toString()); // one write: the messages reach the entity back to back
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }

      int expectedRefusals = SENDERS * PER_SENDER - QUOTA;
      int[] refused = new int[SENDERS];
      StringBuilder[] tails = new StringBuilder[SENDERS];
      for (int s = 0; s < SENDERS; s++) {
        tails[s] = new StringBuilder();
      }
      int otherErrors = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (sum(refused) < expectedRefusals && System.nanoTime() < deadline) {
        for (int s = 0; s < SENDERS; s++) {
          tails[s].append(clients.get(s).readAvailable(Duration.ofMillis(50)));
          if (tails[s].indexOf("internal-server-error") >= 0) {
            otherErrors++;
          }
          int at;
          while ((at = tails[s].indexOf("<resource-constraint")) >= 0) {
            refused[s]++;
            tails[s].delete(0, at + "<resource-constraint".length());
          }
        }
      }
      int stored = node.node().persistence().offline().count(quinn).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(stored).as("rows stored (%d refused)", sum(refused)).isEqualTo(QUOTA);
      assertThat(sum(refused)).as("refused with resource-constraint").isEqualTo(expectedRefusals);
      assertThat(otherErrors).as("no internal-server-error").isZero();
    } finally {
      pool.shutdownNow();
      for (RawClient c : clients) {
        c.close();
      }
    }
  }

  private static int sum(int[] a) {
    int n = 0;
    for (int x : a) {
      n += x;
    }
    return n;
  }
}
