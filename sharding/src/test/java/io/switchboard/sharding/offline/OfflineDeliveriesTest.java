package io.switchboard.sharding.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import io.switchboard.sharding.session.ConnectionMessage;

class OfflineDeliveriesTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private final ActorRef<ConnectionMessage> a = KIT.<ConnectionMessage>createTestProbe().ref();
  private final ActorRef<ConnectionMessage> b = KIT.<ConnectionMessage>createTestProbe().ref();
  private final OfflineDeliveries deliveries = new OfflineDeliveries();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void acknowledgedCopy_queuesItsMessageForDeletionOnce() {
    UUID id = UUID.randomUUID();
    long toA = deliveries.sent(id, a);
    long toB = deliveries.sent(id, b);

    assertThat(deliveries.due(id)).isFalse();
    assertThat(deliveries.acknowledged(toA)).isTrue();
    assertThat(deliveries.acknowledged(toB)).as("the other copy's receipt is late").isFalse();
    assertThat(deliveries.acknowledged(toA)).isFalse();
    assertThat(deliveries.due(id)).as("acknowledged: a re-fetch racing the deletion skips it").isFalse();
    assertThat(deliveries.startDeletion()).containsExactly(id);
    assertThat(deliveries.inFlight()).isZero();
  }

  @Test
  void copyToAConnectionThatIsGone_isDueAgain() {
    UUID id = UUID.randomUUID();
    deliveries.sent(id, a);

    assertThat(deliveries.forget(b)).isFalse();
    assertThat(deliveries.due(id)).isFalse();
    assertThat(deliveries.forgetAllBut(c -> c.equals(b))).isTrue();
    assertThat(deliveries.due(id)).isTrue();
    assertThat(deliveries.startDeletion()).isEmpty();
  }

  @Test
  void deletionsAreBatchedWhileOneRuns_andAFailedBatchIsQueuedAgain() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    deliveries.acknowledged(deliveries.sent(first, a));
    List<UUID> running = deliveries.startDeletion();
    deliveries.acknowledged(deliveries.sent(second, a));

    assertThat(running).containsExactly(first);
    assertThat(deliveries.startDeletion()).as("one deletion at a time").isEmpty();
    deliveries.deleted(running, true);
    assertThat(deliveries.startDeletion()).containsExactly(first, second);
  }
}
