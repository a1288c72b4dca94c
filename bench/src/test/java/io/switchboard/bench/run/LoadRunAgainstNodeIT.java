package io.switchboard.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load generator against a real Switchboard node (in-process, with the embedded Cassandra):
 * STARTTLS + SCRAM-SHA-256 logins, the chat scenario through the sharded path, and the pubsub
 * scenario through a pub-sub node entity. Asserts counts only, never timings.
 */
@ExtendWith(CassandraExtension.class)
class LoadRunAgainstNodeIT {
  private static final int USERS = 20;
  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = InProcessNode.start("bench_it", Map.of());
    for (int i = 1; i <= USERS; i++) {
      node.node().persistence().accounts()
          .create(Jids.bare("user" + i + "@" + node.domain()), "pass" + i).toCompletableFuture().join();
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void chat_starttlsScram_everyUserLogsInAndEveryMessageIsDelivered() throws Exception {
    LoadResult r = new LoadRun(LoadConfig.builder()
        .server("127.0.0.1", node.c2sPort())
        .domain(node.domain())
        .users(USERS)
        .startTls(true)
        .mechanism(AuthMechanism.SCRAM_SHA_256)
        .loginRate(50)
        .settle(Duration.ofSeconds(1))
        .scenario("chat")
        .ratePerUser(2)
        .duration(Duration.ofSeconds(3))
        .drain(Duration.ofSeconds(15))
        .build()).run();

    assertThat(r.loginsOk()).isEqualTo(USERS);
    assertThat(r.failures()).isEmpty();
    assertThat(r.onlineAtMeasureStart()).isEqualTo(USERS);
    assertThat(r.sent()).isPositive();
    assertThat(r.delivered()).as("every message sent through the node arrived").isEqualTo(r.sent());
    assertThat(r.stanzaErrors()).isZero();
  }

  @Test
  void pubsub_plainLogins_everySubscriberGetsEveryPublishedItem() throws Exception {
    LoadResult r = new LoadRun(LoadConfig.builder()
        .server("127.0.0.1", node.c2sPort())
        .domain(node.domain())
        .users(USERS)
        .startTls(true)
        .mechanism(AuthMechanism.PLAIN)
        .loginRate(50)
        .settle(Duration.ofSeconds(1))
        .scenario("pubsub")
        .pubsubNode("bench-it")
        .ratePerUser(10)
        .duration(Duration.ofSeconds(3))
        .drain(Duration.ofSeconds(15))
        .build()).run();

    assertThat(r.loginsOk()).isEqualTo(USERS);
    assertThat(r.failures()).isEmpty();
    assertThat(r.extras()).containsEntry("nodeCreated", 1L).containsEntry("subscribed", (long) USERS - 1);
    assertThat(r.stanzaErrors()).isZero();
    long published = r.extras().get("publishAcked");
    assertThat(published).isPositive().isEqualTo(r.sent());
    assertThat(r.delivered()).as("each of the %d subscribers got each of the %d items", USERS - 1, published)
        .isEqualTo(published * (USERS - 1));
  }
}
