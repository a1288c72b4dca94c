package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.process.NodeProcess;
import io.switchboard.node.process.ProcessCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue #20's failure model over a real federation: three Switchboard node processes and Debian's
 * Prosody. A chat to Prosody's pat opens the outgoing stream on the node running the
 * {@code RemoteDomain} entity of (sw.test, ca.prosody.test). Prosody then stops, so that
 * {@value #QUEUED} more chats, sent by a client on another node, wait in that entity's queue; each is
 * acknowledged to the sender (XEP-0198) once journaled. The entity's node is killed with SIGKILL
 * and Prosody starts again: the entity restarts on a survivor from its journal, dials Prosody and
 * delivers every acknowledged chat. Both directions use SASL EXTERNAL (each side trusts the other's
 * CA), so Prosody never has to call a node back.
 */
@ExtendWith(CassandraExtension.class)
class FederationFailoverIT {
  private static final String SW = FederationScenarios.SW;
  private static final String PEER = "ca.prosody.test";
  private static final int QUEUED = 20;
  private static final Duration START = Duration.ofSeconds(240);
  /** Failure detection, the resolver's stability, the shard's move, the entity's recovery and a new stream. */
  private static final Duration FAILOVER = Duration.ofSeconds(150);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void kill9OfTheRemoteDomainsNode_queuedAcknowledgedChatsReachThePeer() throws Exception {
    FederationFixture.requireInstalled(ProsodyPeer.installed() && Dnsmasq.installed(),
        "prosody, lua-unbound and dnsmasq-base");
    long t0 = System.nanoTime();
    Path dir = Path.of("target", "s2s-failover").toAbsolutePath();
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory(dir, "run-");
    Set<Integer> taken = new HashSet<>();
    int pC2s = FederationFixture.freePort(taken);
    int pS2s = FederationFixture.freePort(taken);
    int dnsPort = FederationFixture.freePort(taken);

    var ca = TestCertificates.ca("Switchboard test CA");
    Path caPem = ca.write(work.resolve("certs"), "ca")[0];
    Path[] sw = TestCertificates.server(ca, TestCertificates.Names.dns(SW, SW, "pubsub." + SW)).write(work.resolve("certs"), SW);
    Path[] peer = TestCertificates.server(ca, TestCertificates.Names.dns(PEER, PEER, "pubsub." + PEER, "conference." + PEER))
        .write(work.resolve("certs"), PEER);
    ProsodyPeer.Host host = new ProsodyPeer.Host(PEER, peer[0], peer[1], caPem);
    List<PeerProcess.User> users = List.of(new PeerProcess.User("pat", PEER, "pat-pw"));

    List<NodeProcess> nodes = new ArrayList<>();
    List<XMPPTCPConnection> clients = new ArrayList<>();
    Dnsmasq dns = null;
    ProsodyPeer prosody = null;
    try {
      createCluster(work, nodes, sw, caPem, dnsPort);
      Map<String, Integer> srv = new HashMap<>();
      for (String d : List.of(SW, "pubsub." + SW)) {
        srv.put(d, Integer.parseInt(nodes.get(0).env("SWITCHBOARD_S2S_PORT")));
      }
      for (String d : List.of(PEER, "pubsub." + PEER, "conference." + PEER)) {
        srv.put(d, pS2s);
      }
      dns = Dnsmasq.start(work.resolve("dns"), dnsPort, Map.of("test", "127.0.0.1"), srv);
      prosody = ProsodyPeer.start(work.resolve("prosody"), pC2s, pS2s, dnsPort, List.of(host), users);
      startCluster(nodes);
      long clusterUp = System.nanoTime();

      XMPPTCPConnection pat = FederationFixture.login(PEER, pC2s, peer[0], "pat", "pat-pw", "phone");
      clients.add(pat);
      Set<String> patGot = ConcurrentHashMap.newKeySet();
      pat.addAsyncStanzaListener(st -> patGot.add(((Message) st).getBody()),
          st -> st instanceof Message m && m.getBody() != null);
      XMPPTCPConnection first = login(nodes.get(0), "u1", "p1", "first");
      clients.add(first);
      first.sendStanza(chat(first, "hello"));
      Await.until("pat gets the first chat", WAIT, () -> patGot.contains("hello"));
      Await.until("a node with the outgoing stream to " + PEER, WAIT, () -> outgoingHolder(nodes) >= 0);
      int holder = outgoingHolder(nodes);
      NodeProcess doomed = nodes.get(holder);

      // The sender sits on another node than the entity, so that the kill spares its connection.
      NodeProcess senderNode = nodes.get((holder + 1) % 3);
      XMPPTCPConnection sender = login(senderNode, "u2", "p2", "sender");
      clients.add(sender);
      assertThat(sender.isSmEnabled()).as("XEP-0198 on the sender's stream").isTrue();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      sender.addStanzaAcknowledgedListener(st -> {
        if (st instanceof Message m && m.getBody() != null) {
          acknowledged.add(m.getBody());
        }
      });
      List<String> bounced = new ArrayList<>();
      sender.addAsyncStanzaListener(st -> {
        synchronized (bounced) {
          bounced.add(st.toXML().toString());
        }
      }, st -> st instanceof Message m && m.getType() == Message.Type.error);

      prosody.close();
      prosody = null;
      Await.until("the outgoing stream gone after Prosody stopped", WAIT, () -> outgoingHolder(nodes) < 0);
      List<String> bodies = IntStream.rangeClosed(1, QUEUED).mapToObj(i -> "queued-" + i).toList();
      for (String b : bodies) {
        sender.sendStanza(chat(sender, b));
      }
      // The server answers each <r/> at once with what the cluster has taken so far, so ask again
      // until the entity's journal has taken all of them.
      long[] asked = {0};
      Await.until("every queued chat acknowledged to the sender", WAIT, () -> {
        if (acknowledged.containsAll(bodies)) {
          return true;
        }
        if (System.nanoTime() - asked[0] > 1_000_000_000L) {
          asked[0] = System.nanoTime();
          try {
            sender.requestSmAcknowledgement();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        return false;
      });
      assertThat(patGot).doesNotContainAnyElementsOf(bodies);

      long killed = System.nanoTime();
      doomed.kill9();
      prosody = ProsodyPeer.start(work.resolve("prosody"), pC2s, pS2s, dnsPort, List.of(host), users);
      XMPPTCPConnection patAgain = FederationFixture.login(PEER, pC2s, peer[0], "pat", "pat-pw", "phone");
      clients.add(patAgain);
      Set<String> afterKill = ConcurrentHashMap.newKeySet();
      patAgain.addAsyncStanzaListener(st -> afterKill.add(((Message) st).getBody()),
          st -> st instanceof Message m && m.getBody() != null);
      Await.until("pat gets every queued chat after the kill", FAILOVER, () -> afterKill.containsAll(bodies),
          () -> "got " + afterKill.stream().sorted().collect(Collectors.toList()));
      long delivered = System.nanoTime();
      int newHolder = outgoingHolder(nodes);
      assertThat(newHolder).as("the stream now on a survivor").isNotEqualTo(holder).isNotNegative();
      synchronized (bounced) {
        assertThat(bounced).as("errors bounced to the sender").isEmpty();
      }
      System.out.printf("[figures] s2s failover: 3 nodes and Prosody up %d ms after start; %d chats queued and acknowledged"
              + " while Prosody was down; kill -9 of node %d (the RemoteDomain entity's) -> all delivered to Prosody %d ms later,"
              + " over node %d's stream; whole test %d ms%n",
          ms(clusterUp - t0), QUEUED, holder + 1, ms(delivered - killed), newHolder + 1, ms(System.nanoTime() - t0));
    } finally {
      for (XMPPTCPConnection c : clients) {
        c.disconnect();
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

  private static final Pattern OUTGOING = Pattern.compile(
      "\"direction\"\\s*:\\s*\"out\"[^}]*\"remote\"\\s*:\\s*\"" + Pattern.quote(PEER) + "\"");

  /** The index of the live node whose status lists an outgoing stream to the peer, or -1. */
  private static int outgoingHolder(List<NodeProcess> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess n = nodes.get(i);
      if (n.isAlive() && OUTGOING.matcher(n.body("/switchboard/status")).find()) {
        return i;
      }
    }
    return -1;
  }

  private static Message chat(XMPPTCPConnection from, String body) throws Exception {
    return from.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("pat@" + PEER))
        .ofType(Message.Type.chat).setBody(body).build();
  }

  private static XMPPTCPConnection login(NodeProcess n, String user, String password, String resource) throws Exception {
    return FederationFixture.login(SW, Integer.parseInt(n.env("SWITCHBOARD_C2S_PORT")),
        Path.of(n.env("SWITCHBOARD_TLS_CERT")), user, password, resource);
  }

  private static void createCluster(Path work, List<NodeProcess> nodes, Path[] sw, Path caPem, int dnsPort)
      throws Exception {
    ProcessCluster cluster = ProcessCluster.of(3, "s2sfail");
    Map<String, String> shared = cluster.shared();
    shared.put("SWITCHBOARD_SBR_STABLE_AFTER", "10s"); // as ClusterPageIT: 5 s downs healthy nodes on a loaded machine
    shared.put("SWITCHBOARD_DOMAIN", SW);
    shared.put("SWITCHBOARD_TLS_CERT", sw[0].toString());
    shared.put("SWITCHBOARD_TLS_KEY", sw[1].toString());
    shared.put("SWITCHBOARD_S2S_CA_FILE", caPem.toString());
    shared.put("SWITCHBOARD_S2S_DNS_SERVER", "127.0.0.1:" + dnsPort);
    // Longer than the failover, so that no queued chat bounces with remote-server-timeout meanwhile.
    shared.put("SWITCHBOARD_S2S_QUEUE_TIMEOUT", "600s");
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = cluster.node(i);
      nodes.add(NodeProcess.create("f" + (i + 1), work, env));
    }
  }

  private static void startCluster(List<NodeProcess> nodes) throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).start();
      if (i == 0) {
        nodes.get(0).awaitReady(START); // migrations and secrets first
      }
    }
    NodeProcess.CommandResult added = nodes.get(0).run("bulk-adduser", "2", "u", "p");
    assertThat(added.exitCode()).as(added.output()).isZero();
    for (NodeProcess n : nodes) {
      n.awaitReady(START);
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
