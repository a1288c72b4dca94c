package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.instant;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A room flooded while its journal write is pending (the write is held by the test journal):
 * Pekko stashes at most {@value #STASH} commands here; the room lets in {@value #BACKLOG} and
 * answers every further stanza with resource-constraint at once, so no stanza is dropped
 * unanswered, and every admitted one is answered once the write is done.
 */
class MucRoomBacklogTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/pc";
  private static final String CAROL = "carol@example.com/t";
  private static final String SELF = "pekko://sb@node1:1";
  private static final int STASH = 64;
  private static final int BACKLOG = 16;

  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.persistence.typed.stash-capacity = " + STASH)
          .withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void floodWhileAWriteIsPending_overTheBacklogIsRefusedWithResourceConstraint_andNothingIsLost() {
    TestProbe<MucRelay.Command> relay = testKit.createTestProbe();
    TestProbe<ConnectionMessage> connection = testKit.createTestProbe();
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean hold = new AtomicBoolean();
    AtomicInteger held = new AtomicInteger();
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    Counted counts = new Counted();
    journal.withPolicy((persistenceId, op) -> {
      if (hold.get() && op instanceof WriteEvents) {
        held.incrementAndGet();
        try {
          release.await(20, TimeUnit.SECONDS); // bounded: the test fails rather than hangs
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ProcessingSuccess.getInstance();
    });
    try {
      MucRoom.Deps deps = new MucRoom.Deps("example.com", MucSettings.defaults().withMaxBacklog(BACKLOG),
          RoomArchive.inMemory(), RoomDirectory.inMemory(), (full, r) -> CompletableFuture.completedFuture(true),
          RelayDirectory.localOnly(SELF, relay.ref()), Clock.fixed(RoomFixture.NOW, ZoneOffset.UTC), counts);
      ActorRef<MucRoom.Command> room = testKit.spawn(MucRoom.create(ROOM, shard.ref(), deps));
      room.tell(new MucRoom.Inbound(join(ALICE, "alice"), null, SELF));
      relay.expectMessageClass(MucRelay.Deliver.class, Duration.ofSeconds(20)); // a cold JVM
      room.tell(new MucRoom.Inbound(instant(ALICE), null, SELF));
      relay.expectMessageClass(MucRelay.Deliver.class, Duration.ofSeconds(10));

      // Bob's join is written; the journal holds the write.
      hold.set(true);
      room.tell(new MucRoom.Inbound(join(BOB, "bob"), null, SELF));
      relay.awaitAssert(Duration.ofSeconds(10), () -> {
        assertThat(held.get()).isEqualTo(1);
        return null;
      });

      int sent = 100; // more than Pekko's stash holds
      for (int i = 1; i <= sent; i++) {
        room.tell(new MucRoom.Inbound(discoInfo(CAROL, "d" + i), new Receipt(connection.ref(), i), SELF));
      }
      // Refused at once, while the write is still held.
      Map<String, String> answers = new HashMap<>();
      int refused = sent - BACKLOG;
      collect(relay, answers, refused);
      assertThat(answers).hasSize(refused).allSatisfy((id, answer) -> assertThat(answer).isEqualTo("wait/resource-constraint"));
      assertThat(held.get()).isEqualTo(1);
      assertThat(counts.seen).containsExactlyInAnyOrderEntriesOf(Map.of("join", 2, "other busy", refused));
      Set<Long> accepted = new HashSet<>();
      for (int i = 0; i < refused; i++) {
        accepted.add(connection.expectMessageClass(ConnectionMessage.Accepted.class, Duration.ofSeconds(5)).seq());
      }

      hold.set(false);
      release.countDown();
      collect(relay, answers, BACKLOG);
      assertThat(answers).hasSize(sent);
      assertThat(answers.values().stream().filter("result"::equals).count()).isEqualTo(BACKLOG);
      for (int i = 0; i < BACKLOG; i++) {
        accepted.add(connection.expectMessageClass(ConnectionMessage.Accepted.class, Duration.ofSeconds(5)).seq());
      }
      assertThat(accepted).hasSize(sent);
      relay.expectNoMessage(Duration.ofMillis(200));
      assertThat(counts.seen).containsExactlyInAnyOrderEntriesOf(Map.of("join", 2, "other busy", refused));
    } finally {
      release.countDown();
      journal.resetPolicy();
    }
  }

  /** What the room counted (its actor writes, the test reads). */
  private static final class Counted implements RoomCounts {
    final Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void joined() {
      seen.merge("join", 1, Integer::sum);
    }

    @Override
    public void message() {
      seen.merge("message", 1, Integer::sum);
    }

    @Override
    public void refused(Refused what, String reason) {
      seen.merge(what.label() + " " + reason, 1, Integer::sum);
    }
  }

  private static XmlElement discoInfo(String from, String id) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("from", from).attr("to", ROOM)
        .attr("type", "get").attr("id", id).child(XmlElement.of("query", Namespaces.DISCO_INFO)).build();
  }

  /**
   * Reads deliveries until {@code count} more answers to {@code CAROL} came, each recorded by id as
   * "result" or "errortype/condition"; an id answered twice fails.
   */
  private static void collect(TestProbe<MucRelay.Command> relay, Map<String, String> answers, int count) {
    int target = answers.size() + count;
    while (answers.size() < target) {
      MucRelay.Deliver d = relay.expectMessageClass(MucRelay.Deliver.class, Duration.ofSeconds(10));
      for (MucRelay.Part p : d.parts()) {
        XmlElement s = p.stanza();
        boolean toCarol = p.to().isEmpty() ? CAROL.equals(s.attr("to")) : p.to().contains(CAROL);
        if (!toCarol || !s.name().equals("iq")) {
          continue;
        }
        String answer = "error".equals(s.attr("type"))
            ? s.child("error", s.namespace()).map(e -> e.attr("type")).orElse("?") + "/" + RoomFixture.error(s)
            : s.attr("type");
        assertThat(answers.put(s.attr("id"), answer)).as("answers to %s", s.attr("id")).isNull();
      }
    }
  }
}
