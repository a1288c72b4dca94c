package io.switchboard.node.s2s;

import io.switchboard.node.testing.InProcessNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set-up {@link ProsodyFederationIT} and {@link ProsodyBidiIT} share, started once per test
 * class: a test CA; a private dnsmasq whose SRV records point at free loopback ports; Debian's
 * Prosody 0.12 with {@code mod_s2s_bidi} serving {@value #CA_PEER} (a certificate from the test
 * CA, trusting that CA: SASL EXTERNAL both ways; user pat) and {@value #SELF_PEER} (self-signed,
 * trusting another CA: dialback both ways; user sam); domains for hand-written peers
 * ({@link RawS2sServer}, {@link RawS2sPeer}), each with its own SRV port and a certificate from
 * the test CA; and one Switchboard node for {@value FederationScenarios#SW} that trusts the test
 * CA and resolves through the dnsmasq, with short XEP-0199 pings. Skipped (or failed, where CI
 * requires them) when Prosody or dnsmasq is missing.
 */
final class ProsodyFederation implements AutoCloseable {
  static final String SW = FederationScenarios.SW;
  static final String CA_PEER = "ca.prosody.test";
  static final String SELF_PEER = "self.prosody.test";
  /** A domain no server here hosts, with a certificate from the test CA: a raw peer authenticates as it. */
  static final String ROGUE = "rogue.test";

  static final Duration PING_INTERVAL = Duration.ofSeconds(8);
  static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  private final Set<Integer> taken = new HashSet<>();
  private final Map<String, Path> peerCerts = new HashMap<>();
  private final Map<String, Integer> rawPorts = new LinkedHashMap<>();
  private final Map<String, TestCertificates.Issued[]> rawCerts = new HashMap<>();
  private TestCertificates.Issued ca;
  private Path swCert;
  private int swS2sPort;
  private int prosodyS2sPort;
  private Dnsmasq dns;
  private ProsodyPeer prosody;
  private InProcessNode node;

  private ProsodyFederation() {}

  /**
   * Starts it all under {@code target/<dir>}: the node in keyspace {@code keyspace} with
   * {@code accounts} (password: name + "-pw") and {@code settings} over the shared ones;
   * {@code rawDomains} (besides {@value #ROGUE}) get an SRV port each.
   */
  static ProsodyFederation start(String dir, String keyspace, Map<String, Object> settings, List<String> rawDomains,
      String... accounts) throws Exception {
    FederationFixture.requireInstalled(ProsodyPeer.installed() && Dnsmasq.installed(),
        "prosody, lua-unbound and dnsmasq-base");
    ProsodyFederation f = new ProsodyFederation();
    try {
      f.startAll(Path.of("target", dir).toAbsolutePath(), keyspace, settings, rawDomains, accounts);
      return f;
    } catch (Exception | Error e) {
      f.close();
      throw e;
    }
  }

  private void startAll(Path dir, String keyspace, Map<String, Object> settings, List<String> rawDomains,
      String... accounts) throws Exception {
    swS2sPort = FederationFixture.freePort(taken);
    int pC2s = FederationFixture.freePort(taken);
    prosodyS2sPort = FederationFixture.freePort(taken);
    int dnsPort = FederationFixture.freePort(taken);
    rawPorts.put(ROGUE, FederationFixture.freePort(taken));
    for (String d : rawDomains) {
      rawPorts.put(d, FederationFixture.freePort(taken));
    }

    ca = TestCertificates.ca("Switchboard test CA");
    var other = TestCertificates.ca("A CA nobody here uses");
    Path certs = dir.resolve("certs");
    Path caPem = ca.write(certs, "ca")[0];
    Path otherPem = other.write(certs, "other-ca")[0];
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW, "proxy." + SW))
        .write(certs, SW);
    swCert = sw[0];
    Path[] caPeer = TestCertificates.server(ca, TestCertificates.Names.dns(CA_PEER, CA_PEER, "pubsub." + CA_PEER,
        "conference." + CA_PEER)).write(certs, CA_PEER);
    Path[] selfPeer = TestCertificates.server(null, TestCertificates.Names.dns(SELF_PEER, SELF_PEER,
        "pubsub." + SELF_PEER, "conference." + SELF_PEER)).write(certs, SELF_PEER);
    peerCerts.put(CA_PEER, caPeer[0]);
    peerCerts.put(SELF_PEER, selfPeer[0]);

    Map<String, Integer> srv = new LinkedHashMap<>();
    for (String d : List.of(SW, "pubsub." + SW)) {
      srv.put(d, swS2sPort);
    }
    for (String p : List.of(CA_PEER, SELF_PEER)) {
      for (String d : List.of(p, "pubsub." + p, "conference." + p)) {
        srv.put(d, prosodyS2sPort);
      }
    }
    srv.putAll(rawPorts);
    dns = Dnsmasq.start(dir.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv);
    prosody = ProsodyPeer.start(dir.resolve("prosody"), pC2s, prosodyS2sPort, dnsPort, List.of(
            new ProsodyPeer.Host(CA_PEER, caPeer[0], caPeer[1], caPem),
            new ProsodyPeer.Host(SELF_PEER, selfPeer[0], selfPeer[1], otherPem)),
        List.of(new PeerProcess.User("pat", CA_PEER, "pat-pw"), new PeerProcess.User("sam", SELF_PEER, "sam-pw")),
        true);
    Map<String, Object> all = new HashMap<>(FederationFixture.nodeSettings(SW, sw[0], sw[1], caPem, swS2sPort, dnsPort));
    // Short XEP-0199 pings, so that idle and dead streams show within seconds.
    all.put("switchboard.s2s.ping-interval", PING_INTERVAL.toMillis() + "ms");
    all.put("switchboard.s2s.ping-timeout", PING_TIMEOUT.toMillis() + "ms");
    all.putAll(settings);
    node = InProcessNode.startWithAccounts(keyspace, all, accounts);
  }

  InProcessNode node() {
    return node;
  }

  ProsodyPeer prosody() {
    return prosody;
  }

  /** The certificate Switchboard's clients trust. */
  Path swCert() {
    return swCert;
  }

  /** {@value #CA_PEER}'s or {@value #SELF_PEER}'s certificate, which their clients trust. */
  Path peerCert(String domain) {
    return peerCerts.get(domain);
  }

  int swS2sPort() {
    return swS2sPort;
  }

  int prosodyS2sPort() {
    return prosodyS2sPort;
  }

  /** The port of a raw peer domain's SRV record. */
  int rawPort(String domain) {
    return rawPorts.get(domain);
  }

  /** {@code domain}'s certificate from the test CA (one per domain), with the CA: for a raw peer's TLS. */
  synchronized TestCertificates.Issued[] rawCert(String domain) throws Exception {
    TestCertificates.Issued[] cert = rawCerts.get(domain);
    if (cert == null) {
      cert = new TestCertificates.Issued[] {TestCertificates.server(ca, TestCertificates.Names.dns(domain, domain)), ca};
      rawCerts.put(domain, cert);
    }
    return cert;
  }

  /** A Smack client of Switchboard's. */
  org.jivesoftware.smack.tcp.XMPPTCPConnection swClient(String user, String resource) throws Exception {
    return FederationFixture.login(SW, node.c2sPort(), swCert, user, user + "-pw", resource);
  }

  /** A Smack client of Prosody's ({@code user} of {@code domain}). */
  org.jivesoftware.smack.tcp.XMPPTCPConnection peerClient(String domain, String user, String resource)
      throws Exception {
    return FederationFixture.login(domain, prosody.c2sPort(), peerCerts.get(domain), user, user + "-pw", resource);
  }

  @Override
  public void close() {
    InProcessNode.closeIfStarted(node);
    if (prosody != null) {
      prosody.close();
    }
    if (dns != null) {
      dns.close();
    }
  }
}
