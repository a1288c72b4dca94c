package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ClientSessionTest {
  private static final ActorTestKit senders = ActorTestKit.create();
  private static final XmlElement MESSAGE =
      XmlElement.builder("message", "jabber:client").attr("to", "a@example.com/r").textChild("body", "hi").build();

  private static ClientSession session(EmbeddedChannel ch) {
    return new ClientSession(Jids.full("a@example.com/r"), sink(ch), 100, 5);
  }

  /** A sink over an embedded channel, written as a TCP stream writes. */
  private static StanzaSink sink(EmbeddedChannel ch) {
    return new StanzaSink() {
      @Override
      public void send(XmlElement element) {
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(
            io.switchboard.protocol.stream.StreamHeader.writeTopLevel(element, "jabber:client"), StandardCharsets.UTF_8));
      }

      @Override
      public void send(XmlElement element, java.util.function.Consumer<Boolean> written) {
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(
                io.switchboard.protocol.stream.StreamHeader.writeTopLevel(element, "jabber:client"), StandardCharsets.UTF_8))
            .addListener(f -> written.accept(f.isSuccess()));
      }

      @Override
      public void closeStream(io.switchboard.protocol.error.StreamError error) {
        ch.close();
      }

      @Override
      public boolean isOpen() {
        return ch.isActive();
      }
    };
  }

  @Test
  void deliver_openStream_writes() {
    EmbeddedChannel ch = new EmbeddedChannel();
    assertThat(session(ch).deliver(MESSAGE)).isTrue();
    assertThat((Object) ch.readOutbound()).isNotNull();
  }

  @Test
  void deliver_afterClosing_refusedSoTheCallerRoutesItElsewhere() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.closing();
    assertThat(s.deliver(MESSAGE)).isFalse();
    assertThat((Object) ch.readOutbound()).isNull();
  }

  @Test
  void deliver_withReceipt_acknowledgedOnceWritten() {
    EmbeddedChannel ch = new EmbeddedChannel();
    TestProbe<ConnectionMessage> sender = senders.createTestProbe();
    assertThat(session(ch).deliver(MESSAGE, new Receipt(sender.ref(), 4))).isTrue();
    assertThat(written(ch)).contains("<message");
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(4));
  }

  @Test
  void deliver_socketClosedUnderTheWrite_notAcknowledgedButHandedBack() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    List<Receipt> handedBack = new java.util.ArrayList<>();
    s.attachActor(null, sess -> { }, (sess, stanza, receipt) -> handedBack.add(receipt));
    TestProbe<ConnectionMessage> sender = senders.createTestProbe();
    Receipt receipt = new Receipt(sender.ref(), 5);
    ch.close(); // the peer went away; the close handler has not marked the session yet

    assertThat(s.deliver(MESSAGE, receipt)).isTrue();

    assertThat(handedBack).containsExactly(receipt);
    sender.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void park_refusesDeliveriesAndHandsOverWhatTheClientDidNotAcknowledge() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.enableStreamManagement("sm1", true);
    Receipt receipt = new Receipt(senders.<ConnectionMessage>createTestProbe().ref(), 7);
    assertThat(s.deliver(MESSAGE, receipt)).isTrue();
    assertThat(s.acknowledge(0)).isTrue();

    ClientSession.Parked parked = s.park();

    assertThat(parked.ackedBase()).isZero();
    assertThat(parked.unacked()).hasSize(1);
    assertThat(parked.receipts()).containsExactly(receipt);
    assertThat(s.deliver(MESSAGE)).as("parked: routed elsewhere").isFalse();
  }

  @Test
  void deliver_resumable_holdsTheReceiptUntilTheClientAcknowledges_andWritesAResendOnce() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.enableStreamManagement("sm1", true);
    TestProbe<ConnectionMessage> sender = senders.createTestProbe();
    Receipt receipt = new Receipt(sender.ref(), 3);

    assertThat(s.deliver(MESSAGE, receipt)).isTrue();
    assertThat(s.deliver(MESSAGE, receipt)).as("a re-sent copy").isTrue();
    sender.expectNoMessage(Duration.ofMillis(100));
    assertThat(written(ch)).as("written once, then an ack request").containsSubsequence("<message", "<r ");
    assertThat(written(ch)).doesNotContain("<message");

    assertThat(s.acknowledge(1)).isTrue();
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(3));
  }

  @Test
  void deliver_copyReSentAfterTheClientHasIt_notWrittenAgainButAcknowledged() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    TestProbe<ConnectionMessage> sender = senders.createTestProbe();
    Receipt receipt = new Receipt(sender.ref(), 11);
    assertThat(s.deliver(MESSAGE, receipt)).isTrue();
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(11));
    written(ch);

    assertThat(s.deliver(MESSAGE, receipt)).isTrue();

    assertThat(written(ch)).as("not written twice").isEmpty();
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(11));
  }

  @Test
  void receiptsOfDeliveredCopies_keptWhileRecent_forgottenAfterAQuietSpell() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    TestProbe<ConnectionMessage> sender = senders.createTestProbe();
    Receipt receipt = new Receipt(sender.ref(), 21);
    s.deliver(MESSAGE, receipt);
    sender.receiveMessage();
    written(ch);
    long quiet = Duration.ofMinutes(1).toNanos();

    s.forgetDoneIfQuiet(System.nanoTime(), quiet);
    assertThat(s.deliver(MESSAGE, receipt)).isTrue();
    assertThat(written(ch)).as("within the window a re-sent copy is still recognised").isEmpty();
    sender.receiveMessage();

    s.forgetDoneIfQuiet(System.nanoTime() + 2 * quiet, quiet);
    assertThat(s.deliver(MESSAGE, receipt)).isTrue();
    assertThat(written(ch)).as("after the quiet spell the receipt is forgotten").contains("<message");
  }

  @Test
  void ackOverdue_onlyWhileAnAckRequestGoesUnanswered() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = session(ch);
    s.enableStreamManagement("sm1", true);
    long timeout = Duration.ofSeconds(30).toNanos();
    assertThat(s.ackOverdue(System.nanoTime() + 2 * timeout, timeout)).as("nothing sent").isFalse();

    s.deliver(MESSAGE, new Receipt(senders.<ConnectionMessage>createTestProbe().ref(), 1));

    assertThat(s.ackOverdue(System.nanoTime(), timeout)).isFalse();
    assertThat(s.ackOverdue(System.nanoTime() + 2 * timeout, timeout)).isTrue();
    s.acknowledge(1);
    assertThat(s.ackOverdue(System.nanoTime() + 2 * timeout, timeout)).as("answered").isFalse();
  }

  @Test
  void resume_writesResumedThenReplayThenWhatQueued() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ClientSession s = ClientSession.resuming(Jids.full("a@example.com/r"), 100, 5, "sm1", 4);
    XmlElement replayed = MESSAGE.withAttribute("id", "old");
    assertThat(s.deliver(MESSAGE.withAttribute("id", "new"))).as("queued while resuming").isTrue();

    assertThat(s.resume(sink(ch), XmlElement.of("resumed", "urn:xmpp:sm:3"), List.of(replayed))).isTrue();

    String out = written(ch);
    assertThat(out).containsSubsequence("<resumed xmlns=\"urn:xmpp:sm:3\"/>", "id=\"old\"", "id=\"new\"");
    assertThat(s.acknowledge(6)).as("client h counts on from 4").isTrue();
  }

  private static String written(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ByteBuf b = (ByteBuf) o;
      sb.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return sb.toString();
  }

  @AfterAll
  static void stopKit() {
    senders.shutdownTestKit();
  }
}
