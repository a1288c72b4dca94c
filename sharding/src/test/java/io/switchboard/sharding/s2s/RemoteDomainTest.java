package io.switchboard.sharding.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.RemoteDomain.Command;
import io.switchboard.sharding.s2s.RemoteDomain.Event;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.testing.RecordingRouting;
import io.switchboard.sharding.testing.Xml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote-domain queue alone, with serialization checks on for commands, events and state: the
 * acknowledgement rule (a receipt only after the journal has the stanza), sending on a stream,
 * recovery after a crash, bounces.
 */
class RemoteDomainTest {
  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final RecordingRouting routed = new RecordingRouting();
  private final LinkedBlockingQueue<OutboundLinks.Listener> opened = new LinkedBlockingQueue<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private EventSourcedBehaviorTestKit<Command, Event, RemoteQueue> kit;
  private TestProbe<ConnectionMessage> sender;

  /** A stream that records what it was asked to send and reports it written at once. */
  private static final class FakeLink implements OutboundLinks.Link {
    final List<Long> sent = new CopyOnWriteArrayList<>();
    final List<XmlElement> pings = new CopyOnWriteArrayList<>();
    final OutboundLinks.Listener listener;
    final boolean reportsWritten;
    volatile boolean closed;

    FakeLink(OutboundLinks.Listener listener) {
      this(listener, true);
    }

    /** {@code reportsWritten = false}: a peer that stopped reading (nothing leaves the queue). */
    FakeLink(OutboundLinks.Listener listener, boolean reportsWritten) {
      this.listener = listener;
      this.reportsWritten = reportsWritten;
    }

    @Override
    public void send(long seq, XmlElement stanza) {
      sent.add(seq);
      if (reportsWritten) {
        listener.written(seq);
      }
    }

    @Override
    public void ping(XmlElement iq) {
      pings.add(iq);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @BeforeEach
  void start() {
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneId.of("UTC");
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now.get());
      }
    };
    RemoteDomainSettings settings = new RemoteDomainSettings(3, Duration.ofSeconds(10), Duration.ofMillis(50),
        Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMinutes(5), 100, 2, false, "", "");
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    sender = testKit.createTestProbe();
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        RemoteDomain.create("sw.example/peer.example", shard.ref(),
            new RemoteDomain.Deps((key, listener) -> opened.add(listener), routed, clock, settings,
                new S2sPing(Duration.ofSeconds(1), Duration.ofSeconds(1)))),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static XmlElement message(int n) {
    return Xml.message("alice@sw.example/desk", "bob@peer.example", "chat", "m" + n);
  }

  /** Pekko's awaitAssert: the condition holds within 5 s. */
  private void until(java.util.function.BooleanSupplier condition) {
    sender.awaitAssert(Duration.ofSeconds(5), () -> {
      assertThat(condition.getAsBoolean()).isTrue();
      return null;
    });
  }

  private OutboundLinks.Listener nextOpen() throws InterruptedException {
    OutboundLinks.Listener l = opened.poll(3, TimeUnit.SECONDS);
    assertThat(l).as("the entity opened a stream").isNotNull();
    return l;
  }

  @Test
  void deliver_persistsThenAcknowledges_andConnects() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), new Receipt(sender.ref(), 7)));
    RemoteQueue state = kit.getState();
    assertThat(state.size()).isEqualTo(1);
    assertThat(state.items().get(0).stanza()).isEqualTo(message(1));
    assertThat(sender.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(7);
    nextOpen();
  }

  @Test
  void linkUp_sendsQueuedInOrder_andRecordsThemSent() throws Exception {
    for (int i = 1; i <= 3; i++) {
      kit.runCommand(new RemoteDomain.Deliver(message(i), null));
    }
    assertThat(kit.getState().size()).isEqualTo(3);
    OutboundLinks.Listener l = nextOpen();
    FakeLink link = new FakeLink(l);
    l.up(link);
    until(() -> kit.getState().isEmpty());
    assertThat(link.sent).containsExactly(1L, 2L, 3L);
    // Later stanzas go straight to the open stream.
    kit.runCommand(new RemoteDomain.Deliver(message(4), null));
    until(() -> link.sent.size() == 4);
    assertThat(link.sent).containsExactly(1L, 2L, 3L, 4L);
  }

  /**
   * The sending connection re-sends a message whose receipt it never got (the entity's node died
   * after journaling it); the copy carries the same message id and must not go out twice, even
   * when it reaches a new incarnation after the first copy was written to the stream.
   */
  @Test
  void aCopyWithTheSameMessageId_isAcknowledgedAgainNotSentTwice_alsoAfterARestart() throws Exception {
    java.util.UUID id = java.util.UUID.randomUUID();
    kit.runCommand(new RemoteDomain.Deliver(message(1), new Receipt(sender.ref(), 5, id, List.of())));
    assertThat(sender.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(5);
    OutboundLinks.Listener l = nextOpen();
    FakeLink link = new FakeLink(l);
    l.up(link);
    until(() -> kit.getState().isEmpty());
    assertThat(link.sent).containsExactly(1L);

    kit.restart(); // the node died; the sender's connection re-sends the copy to the new incarnation
    kit.runCommand(new RemoteDomain.Deliver(message(1), new Receipt(sender.ref(), 5, id, List.of())));
    assertThat(sender.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(5);
    assertThat(kit.getState().isEmpty()).as("the copy is not queued").isTrue();
    kit.runCommand(new RemoteDomain.Deliver(message(2), new Receipt(sender.ref(), 6, java.util.UUID.randomUUID(), List.of())));
    l = nextOpen();
    FakeLink after = new FakeLink(l);
    l.up(after);
    until(() -> after.sent.size() == 1);
    assertThat(kit.getState().nextSeq()).as("the copy took no sequence number").isEqualTo(3);
    assertThat(kit.getState().recent()).hasSize(2).contains(id.toString());
    // A stanza without a message id (entity-made) is never taken for a copy.
    kit.runCommand(new RemoteDomain.Deliver(message(3), null));
    kit.runCommand(new RemoteDomain.Deliver(message(3), null));
    until(() -> after.sent.size() == 3);
  }

  @Test
  void recent_keepsTheLastThousandIds_andOldEventsWithoutIdsAddNone() {
    RemoteQueue q = RemoteQueue.EMPTY.apply(new RemoteDomain.StanzasQueued(List.of(message(1)), 1));
    assertThat(q.recent()).isEmpty();
    assertThat(q.accepted("")).isFalse();
    for (int i = 0; i < RemoteQueue.RECENT + 5; i++) {
      q = q.apply(new RemoteDomain.StanzasQueued(List.of(message(i)), 1, List.of("id-" + i)));
    }
    assertThat(q.recent()).hasSize(RemoteQueue.RECENT);
    assertThat(q.accepted("id-4")).isFalse();
    assertThat(q.accepted("id-5")).isTrue();
    assertThat(q.accepted("id-" + (RemoteQueue.RECENT + 4))).isTrue();
    // Sending does not forget them: a copy may come after the first was written.
    assertThat(q.apply(new RemoteDomain.StanzasSent(q.lastSeq())).accepted("id-5")).isTrue();
  }

  @Test
  void restart_withUnsentStanzas_sendsThemOverANewStream() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), new Receipt(sender.ref(), 1)));
    kit.runCommand(new RemoteDomain.Deliver(message(2), new Receipt(sender.ref(), 2)));
    assertThat(kit.getState().size()).isEqualTo(2);
    sender.expectMessageClass(ConnectionMessage.Accepted.class);
    sender.expectMessageClass(ConnectionMessage.Accepted.class);
    nextOpen(); // never comes up: the node "dies"
    kit.restart();
    OutboundLinks.Listener l = nextOpen();
    FakeLink link = new FakeLink(l);
    l.up(link);
    until(() -> kit.getState().isEmpty());
    assertThat(link.sent).containsExactly(1L, 2L);
  }

  @Test
  void linkDown_unreachable_bouncesRemoteServerNotFound() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), null));
    kit.getState();
    nextOpen().down("no address", true);
    XmlElement bounce = routed.next();
    assertThat(bounce.attr("type")).isEqualTo("error");
    assertThat(bounce.attr("to")).isEqualTo("alice@sw.example/desk");
    assertThat(Xml.errorCondition(bounce)).isEqualTo("remote-server-not-found");
    assertThat(kit.getState().isEmpty()).isTrue();
  }

  @Test
  void linkDown_transient_reconnectsWithBackoff() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), null));
    kit.getState();
    nextOpen().down("connection refused", false);
    OutboundLinks.Listener second = nextOpen();
    FakeLink link = new FakeLink(second);
    second.up(link);
    until(() -> kit.getState().isEmpty());
    assertThat(link.sent).containsExactly(1L);
  }

  @Test
  void deliver_queueFull_answersRemoteServerTimeout_andAcknowledges() throws Exception {
    for (int i = 1; i <= 3; i++) {
      kit.runCommand(new RemoteDomain.Deliver(message(i), null));
    }
    kit.getState();
    kit.runCommand(new RemoteDomain.Deliver(message(4), new Receipt(sender.ref(), 4)));
    assertThat(Xml.errorCondition(routed.next())).isEqualTo("remote-server-timeout");
    assertThat(sender.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(4);
    assertThat(kit.getState().size()).isEqualTo(3);
  }

  @Test
  void expire_noStreamWithinTimeout_answersRemoteServerTimeout() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), null));
    kit.getState();
    now.addAndGet(11_000);
    // The entity checks every second.
    XmlElement bounce = routed.next();
    assertThat(Xml.errorCondition(bounce)).isEqualTo("remote-server-timeout");
    until(() -> kit.getState().isEmpty());
  }

  @Test
  void ping_idleStream_pingsFromLocalToRemote_andAnAnswerKeepsItOpen() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), null));
    OutboundLinks.Listener l = nextOpen();
    FakeLink link = new FakeLink(l);
    l.up(link);
    until(() -> kit.getState().isEmpty());
    now.addAndGet(1_500);
    until(() -> link.pings.size() == 1);
    XmlElement ping = link.pings.get(0);
    assertThat(ping.attr("type")).isEqualTo("get");
    assertThat(ping.attr("from")).isEqualTo("sw.example");
    assertThat(ping.attr("to")).isEqualTo("peer.example");
    assertThat(ping.attr("id")).startsWith(S2sPing.OUTGOING);
    assertThat(ping.child("ping", "urn:xmpp:ping")).isPresent();
    kit.runCommand(new RemoteDomain.PingAnswered(ping.attr("id")));
    now.addAndGet(900); // past the timeout since the ping, but it was answered
    kit.runCommand(new RemoteDomain.Deliver(message(2), null));
    until(() -> link.sent.size() == 2);
    assertThat(link.closed).isFalse();
    assertThat(opened).isEmpty();
  }

  @Test
  void ping_unanswered_closesTheStream_andReconnectsKeepingTheQueue() throws Exception {
    kit.runCommand(new RemoteDomain.Deliver(message(1), null));
    OutboundLinks.Listener l = nextOpen();
    FakeLink dead = new FakeLink(l, false); // takes the stanza, never writes it
    l.up(dead);
    until(() -> dead.sent.size() == 1);
    now.addAndGet(1_500);
    until(() -> dead.pings.size() == 1);
    kit.runCommand(new RemoteDomain.PingAnswered("s2sping-o-someone-else"));
    now.addAndGet(1_500);
    until(() -> dead.closed);
    assertThat(kit.getState().size()).as("the stanza stays queued").isEqualTo(1);
    OutboundLinks.Listener second = nextOpen();
    FakeLink fresh = new FakeLink(second);
    second.up(fresh);
    until(() -> kit.getState().isEmpty());
    assertThat(fresh.sent).containsExactly(1L);
  }

  @Test
  void sendPing_withoutStream_connectsAndPingsOnceUp() throws Exception {
    kit.runCommand(new RemoteDomain.SendPing(S2sPing.INCOMING + "abc-1"));
    OutboundLinks.Listener l = nextOpen();
    FakeLink link = new FakeLink(l);
    l.up(link);
    until(() -> link.pings.size() == 1);
    assertThat(link.pings.get(0).attr("id")).isEqualTo(S2sPing.INCOMING + "abc-1");
    assertThat(link.sent).isEmpty();
  }

  @Test
  void remoteDomainKey_parse_roundTrips() {
    RemoteDomainKey key = RemoteDomainKey.parse("pubsub.sw.example/peer.example").orElseThrow();
    assertThat(key.local().toString()).isEqualTo("pubsub.sw.example");
    assertThat(key.remote().toString()).isEqualTo("peer.example");
    assertThat(RemoteDomainKey.parse(key.entityId())).contains(key);
    assertThat(RemoteDomainKey.parse("no-bar")).isEmpty();
  }
}
