package io.switchboard.node.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F8, on real sockets: failed handshakes from one address are throttled (the next
 * stream, even with the right secret, is refused with policy-violation until the window ends),
 * and the component port can speak direct TLS.
 */
@ExtendWith(CassandraExtension.class)
class ComponentHardeningIT {
  private static final String SECRET = "a-long-random-component-secret";

  @Test
  void handshake_tooManyFailuresFromOneAddress_furtherStreamsRefused() throws Exception {
    try (WiredTestNode node = WiredTestNode.start("component_throttle_it", Map.of(
        "switchboard.components.services", List.of(Map.of("domain", "guard.localhost", "secret", SECRET)),
        "switchboard.components.max-handshake-failures-per-ip", 3))) {
      for (int i = 0; i < 3; i++) {
        try (RawComponent guess = new RawComponent(node.components().port())) {
          assertThat(guess.connect("guard.localhost", "guess-" + i)).isFalse();
          assertThat(guess.received()).contains("not-authorized");
        }
      }
      try (RawComponent next = new RawComponent(node.components().port())) {
        assertThat(next.connect("guard.localhost", SECRET)).as(next.received()).isFalse();
        assertThat(next.received()).contains("policy-violation").contains("too many failed handshakes");
      }
    }
  }

  @Test
  void directTls_componentHandshakesOverTls_plaintextGetsNoStream() throws Exception {
    try (WiredTestNode node = WiredTestNode.start("component_tls_it", Map.of(
        "switchboard.components.services", List.of(Map.of("domain", "tls.localhost", "secret", SECRET)),
        "switchboard.components.tls", true))) {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {SmackClients.trustOnly(node.certificate())}, null);
      SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", node.components().port());
      tls.startHandshake();
      assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      try (RawComponent c = new RawComponent(tls)) {
        assertThat(c.connect("tls.localhost", SECRET)).as(c.received()).isTrue();
      }
      try (RawComponent plain = new RawComponent(new Socket("127.0.0.1", node.components().port()))) {
        assertThat(plain.open("tls.localhost")).isNull();
        assertThat(plain.received()).doesNotContain("<stream:stream");
      }
    }
  }
}
