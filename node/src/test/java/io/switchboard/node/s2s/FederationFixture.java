package io.switchboard.node.s2s;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.status.NodeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;

/** Shared pieces of the federation interop tests: Smack clients on either server, the node's s2s streams. */
final class FederationFixture {
  private FederationFixture() {}

  /** A Smack client of {@code domain} at {@code port} over required STARTTLS, trusting exactly {@code certPem}. */
  static XMPPTCPConnection login(String domain, int port, Path certPem, String user, String password, String resource)
      throws Exception {
    return login(domain, port, certPem, user, password, resource, List.of());
  }

  /**
   * As {@link #login(String, int, Path, String, String, String)}, announcing {@code features} in its
   * disco#info and so in the XEP-0115 caps of its initial presence.
   */
  static XMPPTCPConnection login(String domain, int port, Path certPem, String user, String password, String resource,
      List<String> features) throws Exception {
    X509TrustManager trust = SmackClients.trustOnly(certPem);
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(domain)
        .setHost("127.0.0.1")
        .setPort(port)
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(trust)
        .setSendPresence(true)
        .setConnectTimeout(20_000)
        .build());
    c.setReplyTimeout(20_000);
    features.forEach(ServiceDiscoveryManager.getInstanceFor(c)::addFeature);
    c.connect().login();
    return c;
  }

  /** This node's s2s streams as its status reports them. */
  static List<S2sStreams.Info> streams(InProcessNode node) {
    return NodeStatus.get(node.node().system()).report(Duration.ofSeconds(5)).toCompletableFuture().join().s2s();
  }

  /** The auth method of this node's stream in {@code direction} with {@code remote} for {@code local}, or null. */
  static String auth(InProcessNode node, String direction, String local, String remote) {
    return streams(node).stream()
        .filter(s -> s.direction().equals(direction) && s.local().equals(local) && s.remote().equals(remote))
        .map(S2sStreams.Info::auth).filter(a -> !a.equals("none")).findFirst().orElse(null);
  }

  /**
   * Skips the test class where {@code what} (the peer servers and tools it needs) is not installed,
   * and fails it instead where CI requires them ({@code SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1}).
   */
  static void requireInstalled(boolean present, String what) {
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      org.assertj.core.api.Assertions.assertThat(present).as(what + " must be installed").isTrue();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(present, what + " is not installed");
  }

  /** A free loopback port not already in {@code taken} (which it joins). */
  static int freePort(java.util.Set<Integer> taken) {
    int p;
    do {
      p = io.switchboard.persistence.testkit.CassandraExtension.freePort();
    } while (!taken.add(p));
    return p;
  }

  static Map<String, Object> nodeSettings(String domain, Path cert, Path key, Path caFile, int s2sPort, int dnsPort) {
    return Map.of(
        "switchboard.domain", domain,
        "switchboard.tls.cert-file", cert.toString(),
        "switchboard.tls.key-file", key.toString(),
        "switchboard.s2s.ca-file", caFile.toString(),
        "switchboard.s2s.dns-server", "127.0.0.1:" + dnsPort,
        "switchboard.ports.s2s", s2sPort,
        "switchboard.s2s.queue.timeout", "30s");
  }
}
