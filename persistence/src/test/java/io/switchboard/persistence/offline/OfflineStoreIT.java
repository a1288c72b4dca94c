package io.switchboard.persistence.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

@ExtendWith(CassandraExtension.class)
class OfflineStoreIT {
  private static final String KS = "offline_it";
  private static Persistence persistence;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig(KS));
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static OfflineStore store(int maxPerUser, String ttl) {
    Config c = CassandraExtension.testConfig(KS)
        .withValue("switchboard.cassandra.offline.max-per-user", ConfigValueFactory.fromAnyRef(maxPerUser))
        .withValue("switchboard.cassandra.offline.ttl", ConfigValueFactory.fromAnyRef(ttl));
    return OfflineStore.cassandra(persistence.session(), CassandraSettings.fromConfig(c));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  private static OfflineMessage msg(int i) {
    return OfflineMessage.of(Instant.ofEpochMilli(1_700_000_000_000L + i), "sender@example.org/r",
        "<message to='x@example.org'><body>" + i + "</body></message>");
  }

  @Test
  void append_tenThousandForOneUser_readBackCompleteAndInOrder() throws Exception {
    OfflineStore store = store(0, "0s");
    EntityBareJid user = Jids.bare("busy@example.org");
    // Pipelined: ids are taken in call order, at most 64 writes in flight.
    Semaphore window = new Semaphore(64);
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      window.acquire();
      writes.add(store.append(user, msg(i)).toCompletableFuture().whenComplete((r, e) -> window.release()));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
    assertThat(writes).allSatisfy(f -> assertThat(f.join()).isEqualTo(OfflineStore.AppendResult.STORED));

    List<OfflineMessage> read = await(store.read(user, 20_000));
    assertThat(read).hasSize(10_000);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).stanzaXml()).isEqualTo(msg(i).stanzaXml());
      assertThat(read.get(i).stamp()).isEqualTo(msg(i).stamp());
    }
    assertThat(await(store.count(user))).isEqualTo(10_000);
  }

  @Test
  void append_overCap_isRefusedAndNotStored() throws Exception {
    OfflineStore store = store(3, "0s");
    EntityBareJid user = Jids.bare("capped@example.org");
    for (int i = 0; i < 3; i++) {
      assertThat(await(store.append(user, msg(i)))).isEqualTo(OfflineStore.AppendResult.STORED);
    }
    assertThat(await(store.append(user, msg(3)))).isEqualTo(OfflineStore.AppendResult.QUOTA_EXCEEDED);
    assertThat(await(store.read(user, 10))).extracting(OfflineMessage::stanzaXml)
        .containsExactly(msg(0).stanzaXml(), msg(1).stanzaXml(), msg(2).stanzaXml());
  }

  @Test
  void delete_delivered_removesOnlyThoseAndFreesTheCap() throws Exception {
    OfflineStore store = store(3, "0s");
    EntityBareJid user = Jids.bare("reader@example.org");
    for (int i = 0; i < 3; i++) {
      await(store.append(user, msg(i)));
    }
    List<OfflineMessage> all = await(store.read(user, 10));
    assertThat(all).allSatisfy(m -> assertThat(m.id()).isNotNull());
    List<UUID> firstTwo = List.of(all.get(0).id(), all.get(1).id());
    await(store.delete(user, firstTwo));

    assertThat(await(store.read(user, 10))).containsExactly(all.get(2));
    assertThat(await(store.append(user, msg(9)))).isEqualTo(OfflineStore.AppendResult.STORED);
    assertThat(await(store.count(user))).isEqualTo(2);
  }

  @Test
  void deleteAll_removesEveryMessageOfThatUserOnly() throws Exception {
    OfflineStore store = store(0, "0s");
    EntityBareJid gone = Jids.bare("removed@example.org");
    EntityBareJid other = Jids.bare("neighbour@example.org");
    for (int i = 0; i < 5; i++) {
      await(store.append(gone, msg(i)));
    }
    await(store.append(other, msg(7)));

    await(store.deleteAll(gone));

    assertThat(await(store.read(gone, 10))).isEmpty();
    assertThat(await(store.count(gone))).isZero();
    assertThat(await(store.read(other, 10))).extracting(OfflineMessage::stanzaXml).containsExactly(msg(7).stanzaXml());
    await(store.deleteAll(Jids.bare("never-had-any@example.org"))); // nothing to delete: no failure
  }

  @Test
  void read_limit_returnsTheOldestFirst() throws Exception {
    OfflineStore store = store(0, "0s");
    EntityBareJid user = Jids.bare("limited@example.org");
    for (int i = 0; i < 5; i++) {
      await(store.append(user, msg(i)));
    }
    assertThat(await(store.read(user, 2))).extracting(OfflineMessage::stanzaXml)
        .containsExactly(msg(0).stanzaXml(), msg(1).stanzaXml());
  }

  @Test
  void read_otherUser_seesNothingOfThisOne() throws Exception {
    OfflineStore store = store(0, "0s");
    await(store.append(Jids.bare("one@example.org"), msg(1)));
    assertThat(await(store.read(Jids.bare("two@example.org"), 10))).isEmpty();
  }

  @Test
  void append_withTtl_rowCarriesTheTtl() throws Exception {
    OfflineStore store = store(0, "1h");
    EntityBareJid user = Jids.bare("ttl@example.org");
    await(store.append(user, msg(1)));
    var row = persistence.session().execute(
        "SELECT TTL(stanza) FROM " + KS + ".offline_messages WHERE owner = 'ttl@example.org'").one();
    assertThat(row.getInt(0)).isBetween(3000, 3600);
  }

  @Test
  void append_withShortTtl_messageExpires() throws Exception {
    OfflineStore store = store(0, "1s");
    EntityBareJid user = Jids.bare("expiring@example.org");
    await(store.append(user, msg(1)));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!await(store.read(user, 10)).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(await(store.read(user, 10))).isEmpty();
    assertThat(await(store.count(user))).isZero();
  }

  @Test
  void appendAll_pastTheCap_storesTheFirstThatFitInOrder() throws Exception {
    OfflineStore store = store(5, "0s");
    EntityBareJid user = Jids.bare("batched@example.org");
    await(store.append(user, msg(0)));
    await(store.append(user, msg(1)));

    assertThat(await(store.appendAll(user, List.of(msg(2), msg(3), msg(4), msg(5), msg(6))))).isEqualTo(3);
    assertThat(await(store.appendAll(user, List.of(msg(7))))).isZero();
    assertThat(await(store.appendAll(user, List.of()))).isZero();

    assertThat(await(store.read(user, 10))).extracting(OfflineMessage::stanzaXml)
        .containsExactly(msg(0).stanzaXml(), msg(1).stanzaXml(), msg(2).stanzaXml(), msg(3).stanzaXml(), msg(4).stanzaXml());
    assertThat(await(store.count(user))).isEqualTo(5);
  }

  /**
   * A batch of large stanzas: 40 of 100 KiB (4 MB) is far past Cassandra's 50 KiB
   * batch_size_fail_threshold, which does not apply to a batch of one partition, and is split
   * into batches of at most 1 MiB; all are stored, in order.
   */
  @Test
  void appendAll_largeStanzas_allStoredInOrder() throws Exception {
    OfflineStore store = store(1000, "0s");
    EntityBareJid user = Jids.bare("large@example.org");
    String body = "x".repeat(100 * 1024);
    List<OfflineMessage> big = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      big.add(OfflineMessage.of(Instant.ofEpochMilli(1_700_000_000_000L + i), "sender@example.org/r",
          "<message to='large@example.org'><body>" + i + body + "</body></message>"));
    }
    assertThat(await(store.appendAll(user, big))).isEqualTo(40);
    List<OfflineMessage> read = await(store.read(user, 100));
    assertThat(read).extracting(OfflineMessage::stanzaXml).containsExactlyElementsOf(
        big.stream().map(OfflineMessage::stanzaXml).toList());
  }
}
