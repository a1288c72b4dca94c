package io.switchboard.node.proxy65;

import static io.switchboard.node.proxy65.Socks5TestClient.NO_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #23 F12: the SOCKS5 proxy limits connections per address (real sockets on loopback):
 * beyond the limit a connection is closed at once; a closed one frees its place.
 */
class Proxy65PerIpLimitTest {
  private Proxy65Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connections_beyondPerIpLimit_closedAtOnce_freedPlaceReused() throws Exception {
    Proxy65Settings settings = Proxy65Settings.fromConfig(ConfigFactory.parseString(
            "switchboard.proxy65 { max-connections-per-ip = 3 }")
        .withFallback(ConfigFactory.defaultReference()).resolve(), "127.0.0.1");
    server = new Proxy65Server(settings, System::nanoTime);
    server.bind("127.0.0.1", 0);
    InetSocketAddress proxy = server.localAddress();
    List<Socks5TestClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socks5TestClient c = Socks5TestClient.open(proxy);
        assertThat(c.greet(NO_AUTH)).isEqualTo(NO_AUTH);
        open.add(c);
      }
      try (Socks5TestClient fourth = Socks5TestClient.open(proxy)) {
        assertThat(fourth.closedByProxy()).as("the fourth connection from 127.0.0.1").isTrue();
      }

      open.remove(0).close();
      long deadline = System.nanoTime() + 5_000_000_000L;
      boolean accepted = false;
      while (!accepted && System.nanoTime() < deadline) {
        try (Socks5TestClient again = Socks5TestClient.open(proxy)) {
          again.send(Socks5TestClient.greeting(NO_AUTH));
          accepted = again.in().read() == 5; // the SOCKS5 version of a method-selection reply
        } catch (java.io.IOException e) {
          accepted = false;
        }
        if (!accepted) {
          Thread.sleep(50);
        }
      }
      assertThat(accepted).as("a place freed by a close is given to a new connection").isTrue();
    } finally {
      for (Socks5TestClient c : open) {
        c.close();
      }
    }
  }
}
