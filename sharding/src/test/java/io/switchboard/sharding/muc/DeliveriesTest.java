package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.testing.RecordingRouting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Per-node grouping, confirmations, re-sending when a node leaves, and the relay itself. */
class DeliveriesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String SELF = "pekko://sb@n1:1";
  private static final XmlElement MSG = XmlElement.builder("message", "jabber:client").attr("type", "groupchat").build();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void send_groupsRecipientsPerNode_confirmationsRunTheWaiter_aLeftNodeIsReplacedByThisOne() throws Exception {
    TestProbe<MucRelay.Command> local = testKit.createTestProbe();
    TestProbe<MucRelay.Delivered> confirmations = testKit.createTestProbe();
    RelayDirectory relays = RelayDirectory.localOnly(SELF, local.ref());
    // A second node's relay, as the directory's subscriber would have listed it.
    TestProbe<MucRelay.Command> remote = testKit.createTestProbe();
    java.lang.reflect.Field f = RelayDirectory.class.getDeclaredField("byNode");
    f.setAccessible(true);
    @SuppressWarnings("unchecked")
    ActorRef<MucRelay.Command>[] refs = new ActorRef[] {remote.ref()};
    f.set(relays, Map.of("pekko://sb@n2:1", refs));
    Deliveries d = new Deliveries(relays, 0, confirmations.ref(), 100);
    Map<String, String> nodes = Map.of("a@x/1", SELF, "b@x/1", "pekko://sb@n2:1", "c@x/1", "pekko://sb@n2:1");
    Set<Long> seqs = d.send(List.of(new MucRelay.Part(MSG, List.of("a@x/1", "b@x/1", "c@x/1"))), nodes::get);
    assertThat(seqs).hasSize(2);
    MucRelay.Deliver toLocal = local.expectMessageClass(MucRelay.Deliver.class);
    MucRelay.Deliver toRemote = remote.expectMessageClass(MucRelay.Deliver.class);
    assertThat(toLocal.parts().get(0).to()).containsExactly("a@x/1");
    assertThat(toRemote.parts().get(0).to()).containsExactly("b@x/1", "c@x/1");
    AtomicInteger done = new AtomicInteger();
    d.await(seqs, done::incrementAndGet);
    d.delivered(toLocal.seq());
    assertThat(done.get()).isZero();
    // n2 leaves without confirming: its delivery goes again through this node's relay.
    assertThat(d.nodeRemoved("pekko://sb@n2:1")).isEqualTo(1);
    MucRelay.Deliver again = local.expectMessageClass(MucRelay.Deliver.class);
    assertThat(again.seq()).isEqualTo(toRemote.seq());
    assertThat(again.parts().get(0).to()).containsExactly("b@x/1", "c@x/1");
    d.delivered(again.seq());
    assertThat(done.get()).isEqualTo(1);
    assertThat(d.pendingCount()).isZero();
  }

  @Test
  void relay_routesEveryRecipientInOrder_inBatches_andConfirms() {
    RecordingRouting routed = new RecordingRouting();
    ActorRef<MucRelay.Command> relay = testKit.spawn(MucRelay.create(routed, 3));
    TestProbe<MucRelay.Delivered> confirmations = testKit.createTestProbe();
    relay.tell(new MucRelay.Deliver(1, List.of(
        new MucRelay.Part(MSG, List.of("a@x/1", "b@x/1", "c@x/1", "d@x/1", "e@x/1")),
        new MucRelay.Part(MSG.withAttribute("to", "f@x/1"), List.of())), confirmations.ref()));
    relay.tell(new MucRelay.Deliver(2, List.of(new MucRelay.Part(MSG, List.of("g@x/1"))), confirmations.ref()));
    assertThat(confirmations.expectMessageClass(MucRelay.Delivered.class, Duration.ofSeconds(3)).seq()).isEqualTo(1);
    assertThat(confirmations.expectMessageClass(MucRelay.Delivered.class).seq()).isEqualTo(2);
    assertThat(routed.drain()).extracting(s -> s.attr("to"))
        .containsExactly("a@x/1", "b@x/1", "c@x/1", "d@x/1", "e@x/1", "f@x/1", "g@x/1");
  }
}
