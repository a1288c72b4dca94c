package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResourceRecord;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The connection's actor alone: what it sends the user's entity (through a {@link FakeGateway})
 * and what it writes to its client's session, for the client's stanzas, re-attaching after the
 * entity stopped, XEP-0198 acknowledgements and parking, and the end of the session.
 */
class ConnectionActorTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final XmlElement MESSAGE =
      XmlElement.builder("message", "jabber:client").attr("to", "bob@example.com").textChild("body", "hi").build();

  private static final int MAX_IN_FLIGHT = 10;
  private final FakeGateway gateway = new FakeGateway();
  private final BlockingQueue<Boolean> holds = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> written = new LinkedBlockingQueue<>();
  private final BlockingQueue<XmlElement> undeliverable = new LinkedBlockingQueue<>();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private final StanzaSink sink = new StanzaSink() {
    @Override
    public void send(XmlElement element) {
      written.add(element.toXml());
    }

    @Override
    public void send(XmlElement element, Consumer<Boolean> done) {
      written.add(element.toXml());
      done.accept(true);
    }

    @Override
    public void closeStream(StreamError error) {
      written.add("CLOSE " + (error == null ? "" : error.condition().elementName()));
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void holdReads(boolean hold) {
      holds.add(hold);
    }
  };

  private ClientSession session;

  private ActorRef<Object> spawn() {
    session = new ClientSession(Jids.full("alice@example.com/phone"), sink, 100, 5);
    ActorRef<Object> actor = kit.spawn(ConnectionActor.create(session, gateway,
        new ConnectionActor.Pacing(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(30), MAX_IN_FLIGHT),
        (s, stanza, receipt) -> {
          undeliverable.add(stanza);
          Receipt.ack(receipt);
        },
        new LiveActors(), new ParkedSessions()));
    session.attachActor(actor, s -> { }, (s, stanza, receipt) -> { });
    return actor;
  }

  private String call(String prefix) throws InterruptedException {
    for (String c = gateway.calls.poll(5, TimeUnit.SECONDS); c != null; c = gateway.calls.poll(5, TimeUnit.SECONDS)) {
      if (c.startsWith(prefix)) {
        return c;
      }
    }
    throw new AssertionError("no gateway call " + prefix);
  }

  @Test
  void outbound_handedToTheEntityInOrder() throws Exception {
    ActorRef<Object> actor = spawn();
    actor.tell(new ConnectionActor.Outbound(MESSAGE.withAttribute("id", "1")));
    actor.tell(new ConnectionActor.Outbound(MESSAGE.withAttribute("id", "2")));

    assertThat(call("fromClient")).contains("id=\"1\"");
    assertThat(call("fromClient")).contains("id=\"2\"");
  }

  @Test
  void maxInFlightUnacknowledged_holdsReading_untilHalfWereAcknowledged() throws Exception {
    ActorRef<Object> actor = spawn();
    gateway.holdReceipts = true; // the cluster is slow: nothing acknowledged yet
    for (int i = 1; i < MAX_IN_FLIGHT; i++) {
      session.handedToCluster(MAX_IN_FLIGHT); // as the stream does, on its thread
      actor.tell(new ConnectionActor.Outbound(MESSAGE.withAttribute("id", "m" + i)));
    }
    for (int i = 1; i < MAX_IN_FLIGHT; i++) {
      call("fromClient");
    }
    assertThat(holds).as("one below the bound: still reading").isEmpty();

    session.handedToCluster(MAX_IN_FLIGHT);
    assertThat(holds.poll()).as("at the bound: held at once, before the next read").isTrue();
    actor.tell(new ConnectionActor.Outbound(MESSAGE.withAttribute("id", "m" + MAX_IN_FLIGHT)));

    Set<Long> acked = new java.util.HashSet<>();
    ackDistinct(MAX_IN_FLIGHT / 2 - 1, acked);
    actor.tell(ConnectionActor.AckRequest.INSTANCE); // answered after the acks: they were handled
    assertThat(written.poll(5, TimeUnit.SECONDS)).startsWith("<a ");
    assertThat(holds).as("six still in flight: held").isEmpty();
    assertThat(session.readsHeld()).isTrue();

    ackDistinct(1, acked);
    assertThat(holds.poll(5, TimeUnit.SECONDS)).as("half acknowledged: released").isFalse();
    assertThat(session.readsHeld()).isFalse();
  }

  @Test
  void localStanzas_areNotInFlight() throws Exception {
    ActorRef<Object> actor = spawn();
    gateway.holdReceipts = true;
    for (int i = 0; i < 3 * MAX_IN_FLIGHT; i++) {
      actor.tell(new ConnectionActor.Outbound(MESSAGE, true)); // answered by the node itself
    }
    actor.tell(ConnectionActor.AckRequest.INSTANCE);
    assertThat(written.poll(5, TimeUnit.SECONDS)).as("all counted as handled").contains("h=\"" + 3 * MAX_IN_FLIGHT + "\"");
    assertThat(holds).isEmpty();
  }

  /** Acknowledges {@code n} more stanzas (the oldest is probed again meanwhile: one ack per seq). */
  private void ackDistinct(int n, Set<Long> acked) throws InterruptedException {
    for (int done = 0; done < n; ) {
      Receipt r = gateway.heldReceipts.poll(5, TimeUnit.SECONDS);
      assertThat(r).as("a receipt to acknowledge").isNotNull();
      if (acked.add(r.seq())) {
        Receipt.ack(r);
        done++;
      }
    }
  }

  @Test
  void ackRequest_countsWhatTheEntityAcknowledged() throws Exception {
    ActorRef<Object> actor = spawn();
    session.enableStreamManagement("sm1", false);
    actor.tell(new ConnectionActor.EnableStreamManagement(null, Duration.ZERO));
    actor.tell(new ConnectionActor.Outbound(MESSAGE));
    call("fromClient");
    actor.tell(ConnectionActor.AckRequest.INSTANCE);

    assertThat(written.poll(5, TimeUnit.SECONDS)).isEqualTo("<a xmlns=\"urn:xmpp:sm:3\" h=\"1\"/>");
  }

  @Test
  void deliver_writtenToTheClient() throws Exception {
    ActorRef<Object> actor = spawn();
    actor.tell(new ConnectionMessage.Deliver(MESSAGE.withAttribute("from", "bob@example.com/x")));
    assertThat(written.poll(5, TimeUnit.SECONDS)).contains("from=\"bob@example.com/x\"");
  }

  @Test
  void entityStopped_reattachesWithTheLastRecordItWasSent() throws Exception {
    ActorRef<Object> actor = spawn();
    TestProbe<UserSession.Command> entity = kit.createTestProbe();
    actor.tell(new ConnectionActor.Bound(entity.ref()));
    XmlElement presence = XmlElement.builder("presence", "jabber:client").attr("from", "alice@example.com/phone").build();
    actor.tell(new ConnectionMessage.ResourceRecorded(
        new ResourceRecord(presence, true, false, Set.of("room@conference.example.com/alice"))));

    entity.stop(); // its node died, or its shard moved

    String reattach = call("reattach");
    assertThat(reattach).contains("interested=true").contains("directed=[room@conference.example.com/alice]")
        .contains("<presence");
  }

  @Test
  void park_sentUntilTheEntityTakesIt() throws Exception {
    ActorRef<Object> actor = spawn();
    session.enableStreamManagement("sm1", true);
    actor.tell(new ConnectionActor.EnableStreamManagement("sm1", Duration.ofSeconds(60)));
    call("smEnabled");
    session.deliver(MESSAGE.withAttribute("id", "unacked"), new Receipt(kit.<ConnectionMessage>createTestProbe().ref(), 1));

    actor.tell(ConnectionActor.Park.INSTANCE);

    assertThat(call("park")).isEqualTo("park alice@example.com/phone 1");
    assertThat(session.isParked()).isTrue();
  }

  @Test
  void stop_unbindsAndHandsBackWhatTheClientNeverAcknowledged() throws Exception {
    ActorRef<Object> actor = spawn();
    ClientSession.Sent unacked = new ClientSession.Sent(MESSAGE.withAttribute("id", "lost"), null);
    actor.tell(new ConnectionActor.Stop(true, List.of(unacked)));

    assertThat(call("unbind")).isEqualTo("unbind alice@example.com/phone");
    assertThat(undeliverable.poll(5, TimeUnit.SECONDS)).isEqualTo(unacked.stanza());
  }
}
