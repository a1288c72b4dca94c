package io.switchboard.node.s2s;

import io.switchboard.persistence.testkit.Await;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/** XEP-0198 acknowledgements as a Smack sender sees them. */
final class SmAcks {
  private SmAcks() {}

  /**
   * Waits until {@code acknowledged} (filled by the sender's acknowledged-stanza listener) holds
   * every one of {@code bodies}. The server answers each {@code <r/>} at once with what the cluster
   * has taken so far, so this asks again every second.
   */
  static void awaitAll(XMPPTCPConnection sender, Set<String> acknowledged, Collection<String> bodies, Duration wait)
      throws InterruptedException {
    long[] asked = {0};
    Await.until("every chat acknowledged to the sender", wait, () -> {
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
  }
}
