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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #20's failure model with the stream busy: three clients, one on each Switchboard node,
 * send chats to Prosody's pat at a steady pace; while they flow, the node running the
 * {@code RemoteDomain} entity of (sw.test, ca.prosody.test), and so its outgoing stream, gets
 * SIGKILL. Prosody stays up.
 *
 * <p>What must hold ({@code RemoteDomain}'s acknowledgement rule): every chat acknowledged
 * (XEP-0198) to a sender reaches pat, the survivors' clients lose nothing at all (their
 * connections live on), and a chat arrives twice only if it was in flight at the kill: written to
 * the stream but not yet recorded as sent, or journaled by the entity but its acknowledgement lost
 * with the node. A chat pat received more than {@link #SETTLED} before the kill must never come
 * again: it was recorded as sent long before. The duplicates are counted and printed.
 */
@ExtendWith(CassandraExtension.class)
class FederationMidStreamIT {
  private static final int PER_SENDER = 150;
  private static final long INTERVAL_MS = 100;
  /** Chats pat must have from each sender before the kill, so that it falls mid-stream. */
  private static final int BEFORE_KILL = 30;
  /** Far more than {@code sent-flush} (200 ms) and a journal write on a loaded machine. */
  private static final Duration SETTLED = Duration.ofSeconds(5);
  private static final Duration FAILOVER = Duration.ofSeconds(150);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void kill9OfTheRemoteDomainsNodeMidStream_nothingAcknowledgedLost_duplicatesOnlyFromAroundTheKill() throws Exception {
    ProcessFederation.assumeInstalled();
    long t0 = System.nanoTime();
    try (ProcessFederation fed = ProcessFederation.start("s2s-midstream", 3,
        Map.of("SWITCHBOARD_S2S_QUEUE_TIMEOUT", "600s"))) {
      Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
      Map<String, Long> firstAt = new ConcurrentHashMap<>();
      XMPPTCPConnection pat = fed.pat("phone");
      pat.addAsyncStanzaListener(st -> {
        String body = ((Message) st).getBody();
        firstAt.putIfAbsent(body, System.nanoTime());
        copies.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
      }, st -> st instanceof Message m && m.getBody() != null);

      List<Sender> senders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        senders.add(new Sender(i, fed.login(i, "u" + (i + 1), "p" + (i + 1), "load")));
      }
      Sender opener = senders.get(0);
      opener.connection.sendStanza(ProcessFederation.chatToPat(opener.connection, "hello"));
      Await.until("pat gets the first chat", WAIT, () -> copies.containsKey("hello"));
      Await.until("a node with the outgoing stream", WAIT, () -> fed.outgoingHolder() >= 0);
      int holder = fed.outgoingHolder();
      NodeProcess doomed = fed.nodes.get(holder);

      senders.forEach(Sender::start);
      Await.until(BEFORE_KILL + " chats from each sender at pat", WAIT,
          () -> senders.stream().allMatch(s -> s.arrived(copies) >= BEFORE_KILL));
      long killed = System.nanoTime();
      doomed.kill9();
      for (Sender s : senders) {
        s.thread.join(PER_SENDER * INTERVAL_MS + WAIT.toMillis());
      }
      List<Sender> survivors = senders.stream().filter(s -> s.node != holder).toList();
      Sender cutOff = senders.get(holder);
      for (Sender s : survivors) {
        assertThat(s.sent.get()).as("chats sent by the client on node " + (s.node + 1)).isEqualTo(PER_SENDER);
        SmAcks.awaitAll(s.connection, s.acknowledged, s.bodies(), FAILOVER);
      }
      Set<String> required = ConcurrentHashMap.newKeySet();
      survivors.forEach(s -> required.addAll(s.bodies()));
      required.addAll(cutOff.acknowledged);
      Await.until("pat gets every chat of the survivors and every acknowledged one of node " + (holder + 1),
          FAILOVER, () -> copies.keySet().containsAll(required),
          () -> "missing " + required.stream().filter(b -> !copies.containsKey(b)).sorted().limit(40).toList());
      long allThere = System.nanoTime();
      Thread.sleep(SETTLED.toMillis()); // late duplicates, if any, arrive too

      Map<String, Integer> twice = new TreeMap<>();
      copies.forEach((b, n) -> {
        if (n.get() > 1) {
          twice.put(b, n.get());
        }
      });
      long settledBefore = killed - SETTLED.toNanos();
      List<String> oldTwice = twice.keySet().stream().filter(b -> firstAt.get(b) < settledBefore).toList();
      assertThat(oldTwice).as("chats pat had long before the kill, received again").isEmpty();
      for (Sender s : survivors) {
        synchronized (s.bounced) {
          assertThat(s.bounced).as("errors bounced to the client on node " + (s.node + 1)).isEmpty();
        }
      }
      long cutOffArrived = cutOff.bodies().stream().filter(copies::containsKey).count();
      int duplicates = twice.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf("[figures] s2s mid-stream kill: kill -9 of node %d (the RemoteDomain entity's and its stream's)"
              + " with %d chats/s flowing from 3 nodes; survivors sent %d, all delivered %d ms after the kill;"
              + " the killed node's client sent %d before losing its connection, %d acknowledged, %d delivered;"
              + " %d duplicate copies of %d chats %s; now over node %d's stream; whole test %d ms%n",
          holder + 1, 3 * 1000 / INTERVAL_MS, survivors.stream().mapToInt(s -> s.sent.get()).sum(),
          ms(allThere - killed), cutOff.sent.get(), cutOff.acknowledged.stream().filter(b -> b.startsWith("m-")).count(),
          cutOffArrived, duplicates,
          twice.size(), twice.keySet().stream().limit(20).collect(Collectors.toList()), fed.outgoingHolder() + 1,
          ms(System.nanoTime() - t0));
    }
  }

  /** One client sending {@link #PER_SENDER} chats to pat, one every {@link #INTERVAL_MS}. */
  private static final class Sender {
    final int node;
    final XMPPTCPConnection connection;
    final AtomicInteger sent = new AtomicInteger();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final List<String> bounced = new ArrayList<>();
    final Thread thread;

    Sender(int node, XMPPTCPConnection connection) {
      this.node = node;
      this.connection = connection;
      assertThat(connection.isSmEnabled()).as("XEP-0198 on the stream of node " + (node + 1)).isTrue();
      connection.addStanzaAcknowledgedListener(st -> {
        if (st instanceof Message m && m.getBody() != null) {
          acknowledged.add(m.getBody());
        }
      });
      connection.addAsyncStanzaListener(st -> {
        synchronized (bounced) {
          bounced.add(st.toXML().toString());
        }
      }, st -> st instanceof Message m && m.getType() == Message.Type.error);
      thread = new Thread(this::run, "sender-" + (node + 1));
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    String body(int j) {
      return "m-" + (node + 1) + "-" + j;
    }

    List<String> bodies() {
      List<String> out = new ArrayList<>();
      for (int j = 1; j <= sent.get(); j++) {
        out.add(body(j));
      }
      return out;
    }

    long arrived(Map<String, AtomicInteger> copies) {
      return bodies().stream().filter(copies::containsKey).count();
    }

    private void run() {
      try {
        for (int j = 1; j <= PER_SENDER; j++) {
          if (!connection.isAuthenticated()) {
            return;
          }
          connection.sendStanza(ProcessFederation.chatToPat(connection, body(j)));
          sent.incrementAndGet();
          if (j % 10 == 0) {
            connection.requestSmAcknowledgement();
          }
          Thread.sleep(INTERVAL_MS);
        }
      } catch (Exception e) {
        // The client on the killed node loses its connection: it stops sending.
      }
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
