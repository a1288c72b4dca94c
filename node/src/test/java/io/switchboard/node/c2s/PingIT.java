package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0199 from the server's side: a bound client that stays silent for {@code ping-interval} is
 * pinged, again after each further interval of silence, and a client that answers (Smack does) keeps
 * its stream. The connection's idle timer drives this and the parser's hibernation.
 */
@ExtendWith(CassandraExtension.class)
class PingIT {
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.start("ping_it", Map.of(
        "switchboard.c2s.ping-interval", "2s", "switchboard.c2s.ping-timeout", "2s"));
    node.node().persistence().accounts().create(Jids.bare("pat@localhost"), "pat-pw").toCompletableFuture().join();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void silentClient_isPingedEveryInterval_andAnsweringKeepsTheStream() throws Exception {
    XMPPTCPConnection pat = SmackClients.connect(node, "pat", "pat-pw", "quiet");
    BlockingQueue<Ping> pings = new LinkedBlockingQueue<>();
    // In place of Smack's own ping handler: counts the server's pings and answers them as it did.
    pat.registerIQRequestHandler(new AbstractIqRequestHandler(
        Ping.ELEMENT, Ping.NAMESPACE, IQ.Type.get, IQRequestHandler.Mode.async) {
      @Override
      public IQ handleIQRequest(IQ request) {
        pings.add((Ping) request);
        return ((Ping) request).getPong();
      }
    });
    try {
      Ping first = pings.poll(10, TimeUnit.SECONDS);
      assertThat(first).as("a ping after 2 s of silence").isNotNull();
      assertThat(first.getFrom().toString()).isEqualTo("localhost");
      assertThat(first.getTo().toString()).isEqualTo("pat@localhost/quiet");
      assertThat(pings.poll(10, TimeUnit.SECONDS)).as("another after the next quiet interval").isNotNull();
      assertThat(pat.isAuthenticated()).as("answered pings keep the stream").isTrue();
    } finally {
      pat.disconnect();
    }
  }
}
