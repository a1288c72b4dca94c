package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graceful stop of a node with clients connected: every client gets {@code <system-shutdown/>}
 * (spread over the drain window) before the node goes away. Counts only, never timings.
 */
@ExtendWith(CassandraExtension.class)
class DrainIT {
  private static final int CLIENTS = 20;

  @Test
  void stop_everyClientGetsSystemShutdown() throws Exception {
    InProcessNode node = InProcessNode.start("drain_it", Map.of("switchboard.c2s.drain-window", "3s"));
    List<XMPPTCPConnection> clients = new ArrayList<>();
    List<CompletableFuture<Exception>> closed = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        String user = "drain" + i;
        node.node().persistence().accounts().create(Jids.bare(user + "@localhost"), "pw" + i).toCompletableFuture().join();
        XMPPTCPConnection c = SmackClients.connect(node, user, "pw" + i, "r");
        CompletableFuture<Exception> f = new CompletableFuture<>();
        c.addConnectionListener(new ConnectionListener() {
          @Override
          public void connectionClosedOnError(Exception e) {
            f.complete(e);
          }
        });
        clients.add(c);
        closed.add(f);
      }
      assertThat(node.node().c2s().connectionCount()).isEqualTo(CLIENTS);
    } finally {
      node.close(); // Coordinated Shutdown: readiness off, stop accepting, drain, leave
    }
    int shutdowns = 0;
    for (CompletableFuture<Exception> f : closed) {
      Exception e = f.get(30, TimeUnit.SECONDS);
      if (e instanceof StreamErrorException se
          && se.getStreamError().getCondition() == StreamError.Condition.system_shutdown) {
        shutdowns++;
      }
    }
    assertThat(shutdowns).as("clients that got <system-shutdown/>").isEqualTo(CLIENTS);
  }
}
