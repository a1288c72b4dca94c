package io.switchboard.node.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The messages that carry a BOSH request between nodes survive Pekko's serialization (Jackson CBOR). */
class BoshMessagesSerializationTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void requestAndReply_roundTripThroughJacksonCbor() {
    TestProbe<BoshSession.Reply> probe = kit.createTestProbe();
    XmlElement body = XmlElement.builder("body", "http://jabber.org/protocol/httpbind").attr("rid", "42")
        .attr("sid", "s").child(XmlElement.builder("message", "jabber:client").textChild("body", "hi")).build();
    assertRoundTrip(new BoshSession.Request(body, true, probe.getRef()));
    assertRoundTrip(new BoshSession.Reply(200, "<body xmlns='http://jabber.org/protocol/httpbind'/>"));
  }

  private static void assertRoundTrip(Object message) {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    var serializer = serialization.findSerializerFor(message);
    assertThat(serializer.getClass().getName()).contains("Jackson");
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    assertThat(back).isEqualTo(message);
  }
}
