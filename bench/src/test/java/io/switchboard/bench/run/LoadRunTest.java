package io.switchboard.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.client.LoginFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator end to end over real loopback sockets, against {@link MiniXmppServer}. Asserts
 * counts only, never timings. ({@link LoadRunAgainstNodeIT} runs the same API against a real node.)
 */
class LoadRunTest {
  private static MiniXmppServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = MiniXmppServer.start(0);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static LoadConfig.Builder base(int users) {
    return LoadConfig.builder().server("127.0.0.1", server.port()).users(users).loginRate(500)
        .settle(Duration.ZERO).drain(Duration.ofSeconds(10)).sourceAddresses(SourceAddresses.parse("127.0.0.2-127.0.0.3"));
  }

  @Test
  void run_chat_everyUserLogsInAndEverySentMessageIsDelivered() throws Exception {
    LoadResult r = new LoadRun(base(40).scenario("chat").ratePerUser(5).duration(Duration.ofSeconds(2)).build()).run();

    assertThat(r.sessionsAttempted()).isEqualTo(40);
    assertThat(r.loginsOk()).isEqualTo(40);
    assertThat(r.onlineAtMeasureStart()).isEqualTo(40);
    assertThat(r.failures()).isEmpty();
    assertThat(r.sent()).isPositive();
    assertThat(r.delivered()).isEqualTo(r.sent());
    assertThat(r.latency().count()).isEqualTo(r.delivered());
    assertThat(r.stanzaErrors()).isZero();
    assertThat(r.samples()).isNotEmpty();
  }

  @Test
  void run_wrongPasswords_everyLoginFailsWithAuth() throws Exception {
    LoadResult r = new LoadRun(base(10).passwordPrefix("wrong").duration(Duration.ZERO).build()).run();

    assertThat(r.loginsOk()).isZero();
    assertThat(r.failures()).containsEntry(LoginFailure.AUTH, 10L);
    assertThat(r.errorsTotal()).isEqualTo(10);
  }

  @Test
  void run_shards_splitTheUsersBetweenProcesses() throws Exception {
    LoadResult first = new LoadRun(base(15).shard(1, 2).duration(Duration.ZERO).build()).run();
    LoadResult second = new LoadRun(base(15).shard(2, 2).duration(Duration.ZERO).build()).run();

    assertThat(first.loginsOk() + second.loginsOk()).isEqualTo(15);
    assertThat(first.config().users().shardFirst()).isEqualTo(1);
    assertThat(second.config().users().shardFirst()).isEqualTo(8);
  }

  @Test
  void run_nothingListening_connectFailuresCountedAndRunEnds() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    LoadResult r = new LoadRun(LoadConfig.builder().server("127.0.0.1", closedPort).users(5).loginRate(100)
        .settle(Duration.ZERO).duration(Duration.ZERO).drain(Duration.ZERO).build()).run();

    assertThat(r.loginsOk()).isZero();
    assertThat(r.failures()).containsEntry(LoginFailure.CONNECT, 5L);
  }
}
