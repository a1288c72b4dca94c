package io.switchboard.node.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

/**
 * Issue #23 F9, by hand only (bench/README "Issue #23 F9"): one client sends {@code n} chat
 * messages in a single write to an offline account, timed until {@code COUNT(*)} of the account's
 * partition reaches {@code n}; three accounts in turn, one in-process node, embedded Cassandra.
 * {@code mvn ... -Dit.test=OfflineBurstCostIT -Doffline.bench=true [-Doffline.bench.messages=500]
 * [-Doffline.bench.batches=1,64,1,64,1,64]}: one node per entry, in turn, with that
 * {@code switchboard.quotas.offline-write-batch} (1 = one message per write, as before the batches),
 * so the two are measured interleaved under the same load.
 */
@ExtendWith(CassandraExtension.class)
@EnabledIfSystemProperty(named = "offline.bench", matches = "true")
class OfflineBurstCostIT {

  @Test
  void burstIntoOneOfflineAccount() throws Exception {
    String[] batches = System.getProperty("offline.bench.batches", "64").split(",");
    for (int run = 0; run < batches.length; run++) {
      int batch = Integer.parseInt(batches[run].trim());
      System.out.printf("OFFLINE-BURST run %d, offline-write-batch %d, load %s%n", run + 1, batch,
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
      burst("offline_burst_cost_" + run, batch);
    }
  }

  private void burst(String keyspace, int batch) throws Exception {
    int n = Integer.getInteger("offline.bench.messages", 500);
    int accounts = Integer.getInteger("offline.bench.accounts", 3);
    String[] users = new String[accounts + 1];
    users[0] = "sender";
    for (int i = 1; i <= accounts; i++) {
      users[i] = "rcpt" + i;
    }
    List<Long> millis = new ArrayList<>();
    try (InProcessNode node = InProcessNode.startWithAccounts(keyspace,
            Map.of("switchboard.quotas.offline-write-batch", batch), users);
        RawClient c = RawClient.login(node, "sender", "sender-pw", "burst")) {
      for (int a = 1; a <= accounts; a++) {
        EntityBareJid to = Jids.bare("rcpt" + a + "@" + node.domain());
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
          all.append("<message type='chat' id='b").append(a).append('-').append(i).append("' to='").append(to)
              .append("'><body>burst message ").append(i).append("</body></message>");
        }
        long start = System.nanoTime();
        c.send(all.toString());
        int stored = 0;
        long deadline = start + 120_000_000_000L;
        while (stored < n && System.nanoTime() < deadline) {
          stored = node.node().persistence().offline().count(to).toCompletableFuture().join();
          if (stored < n) {
            Thread.sleep(10);
          }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        millis.add(ms);
        System.out.printf("OFFLINE-BURST account %d: %d messages stored in %d ms (%.0f/s)%n", a, stored, ms, stored * 1000.0 / ms);
        assertThat(stored).isEqualTo(n);
      }
    }
    System.out.println("OFFLINE-BURST offline-write-batch " + batch + ", ms per account: " + millis);
  }
}
