package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.sharding.s2s.S2sPing;
import io.switchboard.sharding.session.UserSession;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The announcement path on one node: {@link PeerStreams} publishes on the topic only when no
 * stream of the domain is left, and the node's {@link PeerLossRelay} hands the loss to the
 * session entities registered for that domain (a probe stands in for one), and to no other; a
 * stream that authenticates the domain after the announced loss is handed on as its return.
 */
class PeerStreamsTest {
  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void lastStreamLost_afterGrace_registeredSessionsHearIt() {
    ActorRef<Topic.Command<PeerEvent>> topic = testKit.spawn(Topic.create(PeerEvent.class, "lost-test"));
    ActorRef<PeerLossRelay.Command> relay = testKit.spawn(
        PeerLossRelay.create(topic, domain -> new RemotePresence.DomainLost(domain, null),
            domain -> new RemotePresence.DomainReturned(domain, null)));
    TestProbe<UserSession.Command> peerSession = testKit.createTestProbe();
    TestProbe<UserSession.Command> otherSession = testKit.createTestProbe();
    relay.tell(new PeerLossRelay.Register("peer.test", peerSession.ref()));
    relay.tell(new PeerLossRelay.Register("other.test", otherSession.ref()));
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<PeerStreams.Command> streams = testKit.spawn(PeerStreams.create("peer.test", shard.ref(),
        new PeerStreams.Deps(topic, new S2sPing(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new RemotePresenceSettings(true, Duration.ofMillis(300), 100), Clock.systemUTC())));

    streams.tell(new PeerStreams.StreamUp("node1-a"));
    streams.tell(new PeerStreams.StreamUp("node2-b"));
    streams.tell(new PeerStreams.StreamDown("node1-a", true));
    peerSession.expectNoMessage(Duration.ofSeconds(1)); // node2's stream still carries the domain

    streams.tell(new PeerStreams.StreamDown("node2-b", true));
    UserSession.Command heard = peerSession.expectMessageClass(RemotePresence.DomainLost.class, Duration.ofSeconds(5));
    assertThat(((RemotePresence.DomainLost) heard).domain()).isEqualTo("peer.test");
    otherSession.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void messagesBetweenNodes_serializeAndRoundTrip() {
    var kit = new org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit(testKit.system());
    kit.verifySerialization(new PeerStreams.StreamUp("0a1b"), true);
    kit.verifySerialization(new PeerStreams.StreamDown("0a1b", true), true);
    kit.verifySerialization(new PeerStreams.OutboundUp("sw.test"), true);
    kit.verifySerialization(new PeerLost("peer.test"), true);
    kit.verifySerialization(new PeerReturned("peer.test"), true);
    kit.verifySerialization(new io.switchboard.sharding.s2s.RemoteDomain.PingAnswered("s2sping-o-1-1"), true);
    kit.verifySerialization(new io.switchboard.sharding.s2s.RemoteDomain.SendPing("s2sping-i-ab-1"), true);
  }

  @Test
  void lostThenBackWithinGrace_nothingAnnounced() {
    ActorRef<Topic.Command<PeerEvent>> topic = testKit.spawn(Topic.create(PeerEvent.class, "back-test"));
    ActorRef<PeerLossRelay.Command> relay = testKit.spawn(
        PeerLossRelay.create(topic, domain -> new RemotePresence.DomainLost(domain, null),
            domain -> new RemotePresence.DomainReturned(domain, null)));
    TestProbe<UserSession.Command> session = testKit.createTestProbe();
    relay.tell(new PeerLossRelay.Register("peer.test", session.ref()));
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<PeerStreams.Command> streams = testKit.spawn(PeerStreams.create("peer.test", shard.ref(),
        new PeerStreams.Deps(topic, new S2sPing(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new RemotePresenceSettings(true, Duration.ofSeconds(1), 100), Clock.systemUTC())));

    streams.tell(new PeerStreams.StreamUp("a"));
    streams.tell(new PeerStreams.StreamDown("a", true));
    streams.tell(new PeerStreams.StreamUp("b")); // the peer reconnected, maybe to another node
    session.expectNoMessage(Duration.ofSeconds(2));
  }

  @Test
  void lostAnnounced_thenAStreamComesBack_registeredSessionsHearTheReturnOnce() {
    ActorRef<Topic.Command<PeerEvent>> topic = testKit.spawn(Topic.create(PeerEvent.class, "return-test"));
    ActorRef<PeerLossRelay.Command> relay = testKit.spawn(
        PeerLossRelay.create(topic, domain -> new RemotePresence.DomainLost(domain, null),
            domain -> new RemotePresence.DomainReturned(domain, null)));
    TestProbe<UserSession.Command> session = testKit.createTestProbe();
    TestProbe<UserSession.Command> otherSession = testKit.createTestProbe();
    relay.tell(new PeerLossRelay.Register("peer.test", session.ref()));
    relay.tell(new PeerLossRelay.Register("other.test", otherSession.ref()));
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<PeerStreams.Command> streams = testKit.spawn(PeerStreams.create("peer.test", shard.ref(),
        new PeerStreams.Deps(topic, new S2sPing(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new RemotePresenceSettings(true, Duration.ofMillis(300), 100), Clock.systemUTC())));

    streams.tell(new PeerStreams.StreamUp("a"));
    streams.tell(new PeerStreams.StreamDown("a", true));
    session.expectMessageClass(RemotePresence.DomainLost.class, Duration.ofSeconds(5));
    streams.tell(new PeerStreams.StreamUp("b")); // the peer is back
    UserSession.Command heard = session.expectMessageClass(RemotePresence.DomainReturned.class, Duration.ofSeconds(5));
    assertThat(((RemotePresence.DomainReturned) heard).domain()).isEqualTo("peer.test");
    streams.tell(new PeerStreams.StreamUp("b")); // vouching for it
    streams.tell(new PeerStreams.StreamUp("c")); // and another stream
    session.expectNoMessage(Duration.ofMillis(500));
    otherSession.expectNoMessage(Duration.ofMillis(100));
  }

  /**
   * A peer that never opens a stream to us: after the announced loss the entity asks the
   * outgoing side to try it, again and again with its back-off; when our outgoing stream reaches
   * it, the return is announced once and the tries stop.
   */
  @Test
  void lostAnnounced_peerSilent_triedAgain_thenOurStreamReachesIt_returnOnce() {
    ActorRef<Topic.Command<PeerEvent>> topic = testKit.spawn(Topic.create(PeerEvent.class, "silent-test"));
    ActorRef<PeerLossRelay.Command> relay = testKit.spawn(
        PeerLossRelay.create(topic, domain -> new RemotePresence.DomainLost(domain, null),
            domain -> new RemotePresence.DomainReturned(domain, null)));
    TestProbe<UserSession.Command> session = testKit.createTestProbe();
    relay.tell(new PeerLossRelay.Register("peer.test", session.ref()));
    TestProbe<String> dialed = testKit.createTestProbe();
    java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<PeerStreams.Command> streams = testKit.spawn(PeerStreams.create("peer.test", shard.ref(),
        new PeerStreams.Deps(topic, new S2sPing(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new RemotePresenceSettings(true, Duration.ofMillis(300), 100, Duration.ofMillis(200),
                Duration.ofMillis(400)), Clock.systemUTC(), (remote, id) -> {
                  tries.incrementAndGet();
                  dialed.ref().tell(remote + " " + id);
                })));

    // An outgoing stream that comes up with no loss announced is no return.
    streams.tell(new PeerStreams.OutboundUp("sw.test"));
    streams.tell(new PeerStreams.StreamUp("a"));
    streams.tell(new PeerStreams.StreamDown("a", true));
    session.expectMessageClass(RemotePresence.DomainLost.class, Duration.ofSeconds(5));
    // Nobody sends anything to the peer, and it opens no stream: the entity tries it, more than once.
    String first = dialed.receiveMessage(Duration.ofSeconds(5));
    String second = dialed.receiveMessage(Duration.ofSeconds(5));
    assertThat(first).startsWith("peer.test " + S2sPing.ID_PREFIX);
    assertThat(second).startsWith("peer.test " + S2sPing.ID_PREFIX).isNotEqualTo(first);

    streams.tell(new PeerStreams.OutboundUp("sw.test")); // one of the tries reached it
    UserSession.Command heard = session.expectMessageClass(RemotePresence.DomainReturned.class, Duration.ofSeconds(5));
    assertThat(((RemotePresence.DomainReturned) heard).domain()).isEqualTo("peer.test");
    int triedBeforeTheReturn = tries.get(); // the entity handled the return before it was heard
    streams.tell(new PeerStreams.OutboundUp("pubsub.sw.test")); // another pair's stream
    streams.tell(new PeerStreams.StreamUp("b")); // and the peer's own stream, later
    session.expectNoMessage(Duration.ofMillis(1_000));
    assertThat(tries.get()).as("no more tries once it is back (1 s > 2 × retry-max)").isEqualTo(triedBeforeTheReturn);
  }
}
