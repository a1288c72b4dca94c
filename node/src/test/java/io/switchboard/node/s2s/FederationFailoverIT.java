package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.process.NodeProcess;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #20's failure model over a real federation: three Switchboard node processes and Debian's
 * Prosody. A chat to Prosody's pat opens the outgoing stream on the node running the
 * {@code RemoteDomain} entity of (sw.test, ca.prosody.test). Prosody then stops, so that
 * {@value #QUEUED} more chats, sent by a client on another node, wait in that entity's queue; each is
 * acknowledged to the sender (XEP-0198) once journaled. The entity's node is killed with SIGKILL
 * and Prosody starts again: the entity restarts on a survivor from its journal, dials Prosody and
 * delivers every acknowledged chat. Both directions use SASL EXTERNAL (each side trusts the other's
 * CA), so Prosody never has to call a node back ({@link ProcessFederation}). {@link
 * FederationMidStreamIT} kills the entity's node while chats flow instead.
 */
@ExtendWith(CassandraExtension.class)
class FederationFailoverIT {
  private static final int QUEUED = 20;
  /** Failure detection, the resolver's stability, the shard's move, the entity's recovery and a new stream. */
  private static final Duration FAILOVER = Duration.ofSeconds(150);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void kill9OfTheRemoteDomainsNode_queuedAcknowledgedChatsReachThePeer() throws Exception {
    ProcessFederation.assumeInstalled();
    long t0 = System.nanoTime();
    // Longer than the failover, so that no queued chat bounces with remote-server-timeout meanwhile.
    try (ProcessFederation fed = ProcessFederation.start("s2s-failover", 2, Map.of("SWITCHBOARD_S2S_QUEUE_TIMEOUT", "600s"))) {
      long clusterUp = System.nanoTime();
      XMPPTCPConnection pat = fed.pat("phone");
      Set<String> patGot = ConcurrentHashMap.newKeySet();
      pat.addAsyncStanzaListener(st -> patGot.add(((Message) st).getBody()),
          st -> st instanceof Message m && m.getBody() != null);
      XMPPTCPConnection first = fed.login(0, "u1", "p1", "first");
      first.sendStanza(ProcessFederation.chatToPat(first, "hello"));
      Await.until("pat gets the first chat", WAIT, () -> patGot.contains("hello"));
      Await.until("a node with the outgoing stream to " + ProcessFederation.PEER, WAIT, () -> fed.outgoingHolder() >= 0);
      int holder = fed.outgoingHolder();
      NodeProcess doomed = fed.nodes.get(holder);

      // The sender sits on another node than the entity, so that the kill spares its connection.
      XMPPTCPConnection sender = fed.login((holder + 1) % 3, "u2", "p2", "sender");
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

      fed.stopProsody();
      Await.until("the outgoing stream gone after Prosody stopped", WAIT, () -> fed.outgoingHolder() < 0);
      List<String> bodies = IntStream.rangeClosed(1, QUEUED).mapToObj(i -> "queued-" + i).toList();
      for (String b : bodies) {
        sender.sendStanza(ProcessFederation.chatToPat(sender, b));
      }
      // The server answers each <r/> at once with what the cluster has taken so far, so ask again
      // until the entity's journal has taken all of them.
      SmAcks.awaitAll(sender, acknowledged, bodies, WAIT);
      assertThat(patGot).doesNotContainAnyElementsOf(bodies);

      long killed = System.nanoTime();
      doomed.kill9();
      fed.startProsody();
      XMPPTCPConnection patAgain = fed.pat("phone");
      Set<String> afterKill = ConcurrentHashMap.newKeySet();
      patAgain.addAsyncStanzaListener(st -> afterKill.add(((Message) st).getBody()),
          st -> st instanceof Message m && m.getBody() != null);
      Await.until("pat gets every queued chat after the kill", FAILOVER, () -> afterKill.containsAll(bodies),
          () -> "got " + afterKill.stream().sorted().collect(Collectors.toList()));
      long delivered = System.nanoTime();
      int newHolder = fed.outgoingHolder();
      assertThat(newHolder).as("the stream now on a survivor").isNotEqualTo(holder).isNotNegative();
      synchronized (bounced) {
        assertThat(bounced).as("errors bounced to the sender").isEmpty();
      }
      System.out.printf("[figures] s2s failover: 3 nodes and Prosody up %d ms after start; %d chats queued and acknowledged"
              + " while Prosody was down; kill -9 of node %d (the RemoteDomain entity's) -> all delivered to Prosody %d ms later,"
              + " over node %d's stream; whole test %d ms%n",
          ms(clusterUp - t0), QUEUED, holder + 1, ms(delivered - killed), newHolder + 1, ms(System.nanoTime() - t0));
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
