package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.process.NodeProcess;
import io.switchboard.node.process.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The set-up of the process-level federation failover tests: three Switchboard node processes
 * of {@value FederationScenarios#SW} (real Cassandra from the class's extension, dnsmasq for the SRV
 * records) and Debian's Prosody serving {@value #PEER} with the user pat. Both sides trust one test
 * CA, so both directions use SASL EXTERNAL and Prosody never calls a node back. Closing it
 * disconnects every client it made and stops every process.
 */
final class ProcessFederation implements AutoCloseable {
  static final String SW = FederationScenarios.SW;
  static final String PEER = "ca.prosody.test";
  static final Duration START = Duration.ofSeconds(240);

  private final Path work;
  private final int pC2s;
  private final int pS2s;
  private final int dnsPort;
  private final Path caPem;
  private final Path[] swCert;
  private final Path peerCert;
  private final ProsodyPeer.Host host;
  private final List<PeerProcess.User> users = List.of(new PeerProcess.User("pat", PEER, "pat-pw"));
  final List<NodeProcess> nodes = new ArrayList<>();
  private final List<XMPPTCPConnection> clients = new ArrayList<>();
  private Dnsmasq dns;
  private ProsodyPeer prosody;

  /** Skips the test (or fails it when external clients are required) without prosody and dnsmasq. */
  static void assumeInstalled() {
    FederationFixture.requireInstalled(ProsodyPeer.installed() && Dnsmasq.installed(), "prosody, lua-unbound and dnsmasq-base");
  }

  /**
   * Certificates, DNS, Prosody and three started, ready nodes (keyspace prefix {@code name}) with
   * {@code accounts} accounts u1..uN (passwords p1..pN); {@code env} is added to every node's.
   */
  static ProcessFederation start(String name, int accounts, Map<String, String> env) throws Exception {
    Path dir = Path.of("target", name).toAbsolutePath();
    Files.createDirectories(dir);
    ProcessFederation f = new ProcessFederation(Files.createTempDirectory(dir, "run-"));
    try {
      f.startAll(name, accounts, env);
      return f;
    } catch (Exception | AssertionError e) {
      f.close();
      throw e;
    }
  }

  private ProcessFederation(Path work) throws Exception {
    this.work = work;
    Set<Integer> taken = new HashSet<>();
    pC2s = FederationFixture.freePort(taken);
    pS2s = FederationFixture.freePort(taken);
    dnsPort = FederationFixture.freePort(taken);
    var ca = TestCertificates.ca("Switchboard test CA");
    Path caPem = ca.write(work.resolve("certs"), "ca")[0];
    Path[] peer = TestCertificates.server(ca, TestCertificates.Names.dns(PEER, PEER, "pubsub." + PEER, "conference." + PEER))
        .write(work.resolve("certs"), PEER);
    peerCert = peer[0];
    host = new ProsodyPeer.Host(PEER, peer[0], peer[1], caPem);
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW)).write(work.resolve("certs"), SW);
    swCert = sw;
    this.caPem = caPem;
  }

  private void startAll(String name, int accounts, Map<String, String> env) throws Exception {
    ProcessCluster cluster = ProcessCluster.of(3, name.replaceAll("[^a-z0-9]", ""));
    Map<String, String> shared = cluster.shared();
    shared.put("SWITCHBOARD_SBR_STABLE_AFTER", "10s"); // as ClusterPageIT: 5 s downs healthy nodes on a loaded machine
    shared.put("SWITCHBOARD_DOMAIN", SW);
    shared.put("SWITCHBOARD_TLS_CERT", swCert[0].toString());
    shared.put("SWITCHBOARD_TLS_KEY", swCert[1].toString());
    shared.put("SWITCHBOARD_S2S_CA_FILE", caPem.toString());
    shared.put("SWITCHBOARD_S2S_DNS_SERVER", "127.0.0.1:" + dnsPort);
    shared.putAll(env);
    for (int i = 0; i < 3; i++) {
      nodes.add(NodeProcess.create("f" + (i + 1), work, cluster.node(i)));
    }
    Map<String, Integer> srv = new HashMap<>();
    for (String d : List.of(SW, "pubsub." + SW)) {
      srv.put(d, Integer.parseInt(nodes.get(0).env("SWITCHBOARD_S2S_PORT")));
    }
    for (String d : List.of(PEER, "pubsub." + PEER, "conference." + PEER)) {
      srv.put(d, pS2s);
    }
    dns = Dnsmasq.start(work.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv);
    startProsody();
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).start();
      if (i == 0) {
        nodes.get(0).awaitReady(START); // migrations and secrets first
      }
    }
    NodeProcess.CommandResult added = nodes.get(0).run("bulk-adduser", String.valueOf(accounts), "u", "p");
    assertThat(added.exitCode()).as(added.output()).isZero();
    for (NodeProcess n : nodes) {
      n.awaitReady(START);
    }
  }

  /** Starts Prosody (again, after {@link #stopProsody()}). */
  void startProsody() throws Exception {
    prosody = ProsodyPeer.start(work.resolve("prosody"), pC2s, pS2s, dnsPort, List.of(host), users);
  }

  void stopProsody() throws Exception {
    prosody.close();
    prosody = null;
  }

  /** pat's client on Prosody. */
  XMPPTCPConnection pat(String resource) throws Exception {
    return keep(FederationFixture.login(PEER, pC2s, peerCert, "pat", "pat-pw", resource));
  }

  /** A client of account {@code user} on node {@code index}. */
  XMPPTCPConnection login(int index, String user, String password, String resource) throws Exception {
    NodeProcess n = nodes.get(index);
    return keep(FederationFixture.login(SW, Integer.parseInt(n.env("SWITCHBOARD_C2S_PORT")),
        Path.of(n.env("SWITCHBOARD_TLS_CERT")), user, password, resource));
  }

  private XMPPTCPConnection keep(XMPPTCPConnection c) {
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  private static final Pattern OUTGOING = Pattern.compile(
      "\"direction\"\\s*:\\s*\"out\"[^}]*\"remote\"\\s*:\\s*\"" + Pattern.quote(PEER) + "\"");

  /** The index of the live node whose status lists an outgoing stream to the peer, or -1. */
  int outgoingHolder() {
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess n = nodes.get(i);
      if (n.isAlive() && OUTGOING.matcher(n.body("/switchboard/status")).find()) {
        return i;
      }
    }
    return -1;
  }

  /** A chat to pat. */
  static Message chatToPat(XMPPTCPConnection from, String body) throws Exception {
    return from.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("pat@" + PEER))
        .ofType(Message.Type.chat).setBody(body).build();
  }

  @Override
  public void close() throws Exception {
    synchronized (clients) {
      for (XMPPTCPConnection c : clients) {
        c.disconnect();
      }
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (prosody != null) {
      prosody.close();
    }
    if (dns != null) {
      dns.close();
    }
  }
}
