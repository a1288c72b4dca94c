package io.switchboard.node.proxy65;

import static io.switchboard.node.proxy65.Socks5TestClient.BIND;
import static io.switchboard.node.proxy65.Socks5TestClient.CONNECT;
import static io.switchboard.node.proxy65.Socks5TestClient.DOMAIN;
import static io.switchboard.node.proxy65.Socks5TestClient.IPV4;
import static io.switchboard.node.proxy65.Socks5TestClient.NO_AUTH;
import static io.switchboard.node.proxy65.Socks5TestClient.USERNAME_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.proxy65.Socks5TestClient.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SOCKS5 listener with real sockets on loopback: handshake, rendezvous, relay, limits. */
class Proxy65ServerTest {
  private static final String DIGEST = "2e45ce941bf465393585e33be9ccff347e00b430";
  private static final String OTHER_DIGEST = "116c005a82f818734a02ace0908c3d03c5f40cc0";

  private Proxy65Server server;

  private InetSocketAddress start(Duration activationTimeout, Duration idleTimeout, int maxPending) {
    server = new Proxy65Server(
        new Proxy65Settings(true, 0, "127.0.0.1", 0, activationTimeout, idleTimeout, maxPending), System::nanoTime);
    server.bind("127.0.0.1", 0);
    return server.localAddress();
  }

  private InetSocketAddress start() {
    return start(Duration.ofSeconds(30), Duration.ofSeconds(30), 10);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  // --- handshake ---------------------------------------------------------------------------------

  @Test
  void handshake_noAuthOffered_connectRepliesSuccessEchoingDigest() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      assertThat(c.greet(USERNAME_PASSWORD, NO_AUTH)).isEqualTo(NO_AUTH);
      assertThat(c.connect(DIGEST, 0)).isEqualTo(new Reply(0, DOMAIN, DIGEST, 0));
    }
  }

  @Test
  void handshake_upperCaseDigest_echoedAsSentAndPairedWithLowerCase() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.open(proxy);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      target.greet(NO_AUTH);
      String upper = DIGEST.toUpperCase();
      assertThat(target.connect(upper, 0)).isEqualTo(new Reply(0, DOMAIN, upper, 0));

      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
    }
  }

  @Test
  void handshake_noAcceptableMethod_refusedWithFFAndClosed() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      assertThat(c.greet(USERNAME_PASSWORD)).isEqualTo(0xFF);
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void handshake_notSocks5_closedWithoutReply() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      c.send(new byte[] {4, 1, 0, 80, 127, 0, 0, 1, 0});
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void connect_ipv4Address_addressTypeNotSupported() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      c.greet(NO_AUTH);
      c.send(Socks5TestClient.command(CONNECT, IPV4, new byte[] {127, 0, 0, 1}, 0));
      assertThat(c.readReply().status()).isEqualTo(0x08);
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void connect_bindCommand_commandNotSupported() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      c.greet(NO_AUTH);
      c.send(Socks5TestClient.command(BIND, DOMAIN, DIGEST.getBytes(StandardCharsets.US_ASCII), 0));
      assertThat(c.readReply().status()).isEqualTo(0x07);
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void connect_nonZeroPort_notAllowed() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      c.greet(NO_AUTH);
      assertThat(c.connect(DIGEST, 80).status()).isEqualTo(0x02);
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void connect_hostNameInsteadOfDigest_notAllowed() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start())) {
      c.greet(NO_AUTH);
      assertThat(c.connect("example.com", 0).status()).isEqualTo(0x02);
      assertThat(c.closedByProxy()).isTrue();
    }
    assertThat(server.pendingCount()).isZero();
  }

  @Test
  void connect_thirdConnectionForDigest_notAllowed() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient third = Socks5TestClient.open(proxy)) {
      third.greet(NO_AUTH);
      assertThat(third.connect(DIGEST, 0).status()).isEqualTo(0x02);
      assertThat(third.closedByProxy()).isTrue();
    }
  }

  @Test
  void connect_maxPendingReached_generalFailure() throws Exception {
    InetSocketAddress proxy = start(Duration.ofSeconds(30), Duration.ofSeconds(30), 1);
    try (Socks5TestClient first = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient other = Socks5TestClient.open(proxy)) {
      other.greet(NO_AUTH);
      assertThat(other.connect(OTHER_DIGEST, 0).status()).isEqualTo(0x01);
      assertThat(other.closedByProxy()).isTrue();
      // The waiting stream's second party is still welcome.
      try (Socks5TestClient second = Socks5TestClient.established(proxy, DIGEST)) {
        assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
      }
    }
  }

  // --- activation and relay ------------------------------------------------------------------------

  @Test
  void activate_bothConnected_relaysBothWays() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      requester.send("file bytes");
      assertThat(target.readString(10)).isEqualTo("file bytes");
      target.send("ack");
      assertThat(requester.readString(3)).isEqualTo("ack");
      assertThat(server.pendingCount()).isZero();
    }
  }

  @Test
  void activate_dataSentBeforeActivation_heldThenDelivered() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      target.send("too early");

      assertThat(requester.quietFor(Duration.ofMillis(300))).isTrue();

      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
      assertThat(requester.readString(9)).isEqualTo("too early");
    }
  }

  @Test
  void activate_handshakeAndDataInOneWrite_everythingDelivered() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.open(proxy)) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(Socks5TestClient.greeting(NO_AUTH));
      all.writeBytes(Socks5TestClient.connectRequest(DIGEST, 0));
      all.writeBytes("pipelined".getBytes(StandardCharsets.UTF_8));
      requester.send(all.toByteArray());
      assertThat(requester.readGreetingReply()).isEqualTo(NO_AUTH);
      assertThat(requester.readReply()).isEqualTo(new Reply(0, DOMAIN, DIGEST, 0));

      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
      assertThat(target.readString(9)).isEqualTo("pipelined");
    }
  }

  @Test
  void activate_onlyOneParty_onePartyAndStillWaiting() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ONE_PARTY);

      try (Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
        assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
        requester.send("x");
        assertThat(target.readString(1)).isEqualTo("x");
      }
    }
  }

  @Test
  void activate_unknownDigest_unknown() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(OTHER_DIGEST)).isEqualTo(Activator.Outcome.UNKNOWN);
    }
  }

  @Test
  void activate_twice_secondUnknown() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.UNKNOWN);
    }
  }

  @Test
  void relay_oneMebibyteEachWayAtOnce_arrivesIntact() throws Exception {
    InetSocketAddress proxy = start();
    byte[] up = new byte[1 << 20];
    byte[] down = new byte[1 << 20];
    new Random(65).nextBytes(up);
    new Random(66).nextBytes(down);
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      CompletableFuture<Void> sendUp = CompletableFuture.runAsync(() -> sendQuietly(requester, up));
      CompletableFuture<Void> sendDown = CompletableFuture.runAsync(() -> sendQuietly(target, down));
      CompletableFuture<byte[]> receivedUp = CompletableFuture.supplyAsync(() -> readQuietly(target, up.length));
      byte[] receivedDown = requester.read(down.length);

      assertThat(Arrays.equals(receivedUp.get(10, TimeUnit.SECONDS), up)).isTrue();
      assertThat(Arrays.equals(receivedDown, down)).isTrue();
      sendUp.get(10, TimeUnit.SECONDS);
      sendDown.get(10, TimeUnit.SECONDS);
    }
  }

  private static void sendQuietly(Socks5TestClient c, byte[] data) {
    try {
      c.send(data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readQuietly(Socks5TestClient c, int n) {
    try {
      return c.read(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- closing -----------------------------------------------------------------------------------

  @Test
  void close_senderClosesAfterData_receiverGetsDataThenEndOfStream() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      requester.send("last words");
      requester.close();

      assertThat(target.readString(10)).isEqualTo("last words");
      assertThat(target.closedByProxy()).isTrue();
    }
  }

  @Test
  void close_waitingConnectionGoesAway_leavesRendezvous() throws Exception {
    InetSocketAddress proxy = start();
    Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
    assertThat(server.pendingCount()).isEqualTo(1);

    target.close();

    eventually(() -> server.pendingCount() == 0);
    assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.UNKNOWN);
  }

  @Test
  void activationTimeout_neverActivated_bothClosed() throws Exception {
    InetSocketAddress proxy = start(Duration.ofMillis(200), Duration.ofSeconds(30), 10);
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(target.closedByProxy()).isTrue();
      assertThat(requester.closedByProxy()).isTrue();
      eventually(() -> server.pendingCount() == 0);
    }
  }

  @Test
  void activationTimeout_silentBeforeHandshake_closed() throws Exception {
    try (Socks5TestClient c = Socks5TestClient.open(start(Duration.ofMillis(200), Duration.ofSeconds(30), 10))) {
      assertThat(c.closedByProxy()).isTrue();
    }
  }

  @Test
  void activationTimeout_afterActivation_noLongerApplies() throws Exception {
    InetSocketAddress proxy = start(Duration.ofMillis(300), Duration.ofSeconds(30), 10);
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      assertThat(target.quietFor(Duration.ofMillis(600))).isTrue();
      requester.send("still here");
      assertThat(target.readString(10)).isEqualTo("still here");
    }
  }

  @Test
  void idleTimeout_activatedStreamSilent_bothClosed() throws Exception {
    InetSocketAddress proxy = start(Duration.ofSeconds(30), Duration.ofMillis(200), 10);
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      assertThat(target.closedByProxy()).isTrue();
      assertThat(requester.closedByProxy()).isTrue();
    }
  }

  @Test
  void close_server_closesOpenStreams() throws Exception {
    InetSocketAddress proxy = start();
    try (Socks5TestClient target = Socks5TestClient.established(proxy, DIGEST);
        Socks5TestClient requester = Socks5TestClient.established(proxy, DIGEST)) {
      assertThat(server.activate(DIGEST)).isEqualTo(Activator.Outcome.ACTIVATED);

      server.close();

      assertThat(target.closedByProxy()).isTrue();
      assertThat(requester.closedByProxy()).isTrue();
      assertThat(server.activate(OTHER_DIGEST)).isEqualTo(Activator.Outcome.UNKNOWN);
    }
    server = null;
  }
}
