package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.csi.ClientStateIndication;
import io.switchboard.node.csi.CsiSettings;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** XEP-0352 on a real {@link ClientSession}: what an inactive stream writes, holds and drops. */
class CsiGateTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private final List<String> written = new ArrayList<>();
  private final ClientStateIndication csi = new ClientStateIndication(
      new CsiSettings(true, 3, CsiSettings.Action.QUEUE, CsiSettings.Action.DROP, CsiSettings.Action.QUEUE,
          CsiSettings.Action.FLUSH, CsiSettings.Action.FLUSH, CsiSettings.Action.QUEUE));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final StanzaSink sink = new StanzaSink() {
    @Override
    public void send(XmlElement element) {
      written.add(describe(element));
    }

    @Override
    public void send(XmlElement element, Consumer<Boolean> done) {
      send(element);
      done.accept(true);
    }

    @Override
    public void closeStream(StreamError error) {}

    @Override
    public boolean isOpen() {
      return true;
    }
  };

  private static String describe(XmlElement e) {
    if (e.name().equals("presence")) {
      return "presence " + e.attr("from") + " " + e.childText("status", e.namespace()).orElse("");
    }
    return e.name() + " " + e.childText("body", e.namespace()).orElse(e.attr("id"));
  }

  private static XmlElement presence(String from, String status) {
    return XmlElement.builder("presence", "jabber:client").attr("from", from).textChild("status", status).build();
  }

  private static XmlElement chat(String body) {
    return XmlElement.builder("message", "jabber:client").attr("from", "romeo@example.net/o").attr("type", "chat")
        .textChild("body", body).build();
  }

  private ClientSession session() {
    return new ClientSession(Jids.full("juliet@example.com/phone"), sink, 100, 5);
  }

  private void nonza(ClientSession s, String name) {
    assertThat(csi.onNonza(s, XmlElement.of(name, Namespaces.CSI))).isTrue();
  }

  @Test
  void inactive_holdsPresenceDeduplicated_flushesBeforeAChat_activeReleasesTheRest() {
    ClientSession s = session();
    nonza(s, "inactive");
    s.deliver(presence("romeo@example.net/o", "one"));
    s.deliver(presence("nurse@example.net/k", "busy"));
    s.deliver(presence("romeo@example.net/o", "two"));
    assertThat(written).isEmpty();

    s.deliver(chat("hello"));
    assertThat(written).containsExactly("presence nurse@example.net/k busy", "presence romeo@example.net/o two",
        "message hello");

    s.deliver(presence("romeo@example.net/o", "three"));
    assertThat(written).hasSize(3);
    nonza(s, "active");
    assertThat(written).last().isEqualTo("presence romeo@example.net/o three");
    s.deliver(presence("romeo@example.net/o", "four"));
    assertThat(written).last().as("active again: written at once").isEqualTo("presence romeo@example.net/o four");
  }

  @Test
  void inactive_queueFull_flushesEverything() {
    ClientSession s = session();
    nonza(s, "inactive");
    for (int i = 0; i < 4; i++) {
      s.deliver(presence("c" + i + "@example.net/x", "s" + i));
    }
    assertThat(written).hasSize(4);
  }

  @Test
  void heldOrDropped_receiptAcknowledgedAtOnce() {
    ClientSession s = session();
    nonza(s, "inactive");
    TestProbe<ConnectionMessage> sender = KIT.createTestProbe();
    XmlElement typing = XmlElement.builder("message", "jabber:client").attr("type", "chat")
        .child(XmlElement.of("composing", Namespaces.CHAT_STATES)).build();
    assertThat(s.deliver(typing, new Receipt(sender.ref(), 1))).isTrue();
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(1));
    assertThat(written).as("dropped").isEmpty();
  }

  @Test
  void streamEnds_heldStanzasHandedBackAsNeverWritten() {
    ClientSession s = session();
    s.enableStreamManagement("sm", true);
    nonza(s, "inactive");
    XmlElement receipt = XmlElement.builder("message", "jabber:client").attr("id", "rcpt").attr("type", "chat")
        .child(XmlElement.builder("received", Namespaces.RECEIPTS).attr("id", "x").build()).build();
    s.deliver(receipt);
    ClientSession.Parked parked = s.park();
    assertThat(parked.unacked()).extracting(e -> e.attr("id")).containsExactly("rcpt");
    assertThat(parked.ackedBase()).isZero();
  }

  @Test
  void unknownCsiElement_notHandled() {
    assertThat(csi.onNonza(session(), XmlElement.of("sleepy", Namespaces.CSI))).isFalse();
    assertThat(csi.onNonza(session(), XmlElement.of("active", "urn:other"))).isFalse();
    assertThat(csi.features()).extracting(XmlElement::name).containsExactly("csi");
  }
}
