package io.switchboard.sharding.trace;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.offline.OfflineStages;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.delivery.DeliveryPipeline;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The trace id: the receipt's archive id, unchanged through the cluster messages that carry it
 * (serialized as between nodes), and in the MDC of a hop line only while that line is written.
 */
class TraceTest {
  private static ActorTestKit kit;
  private final Logger path = (Logger) LoggerFactory.getLogger(Trace.PATH_LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void capture() {
    lines.start();
    path.addAppender(lines);
    path.setLevel(Level.DEBUG);
  }

  @AfterEach
  void release() {
    path.detachAppender(lines);
    path.setLevel(null);
    MDC.clear();
  }

  @SuppressWarnings("unchecked")
  private static <T> T acrossNodes(T value) {
    Serialization s = SerializationExtension.get(kit.system().classicSystem());
    var serializer = s.findSerializerFor(value);
    return (T) s.deserialize(s.serialize(value).get(), serializer.identifier(),
        Serializers.manifestFor(serializer, value)).get();
  }

  @Test
  void of_isTheReceiptsArchiveId_keptByEveryClusterMessageThatCarriesIt() {
    UUID id = MessageIds.next(1_796_567_772_207L);
    Receipt receipt = new Receipt(kit.<ConnectionMessage>createTestProbe().ref(), 7, id, List.of());
    XmlElement m = message("romeo@example.com/orchard", JULIET, "chat", "hi");

    assertThat(Trace.of(receipt)).isEqualTo(id.toString());
    assertThat(Trace.of(acrossNodes(new UserSession.FromClient("orchard", m, receipt)).receipt()))
        .isEqualTo(id.toString());
    assertThat(Trace.of(acrossNodes(new UserSession.Inbound(m, receipt.withArchive("romeo@example.com"))).receipt()))
        .isEqualTo(id.toString());
    assertThat(Trace.of(acrossNodes(new ConnectionMessage.Deliver(m, receipt)).receipt())).isEqualTo(id.toString());
    assertThat(Trace.of(new Receipt(PartFixture.connection(), 8))).as("an entity's own receipt").isNull();
    assertThat(Trace.of((Receipt) null)).isNull();
  }

  @Test
  void hop_traceAndConnInTheMdcForThatLineOnly_whatWasThereRestored() {
    MDC.put(Trace.CONN, "outer");

    Trace.hop("t-1", "c-1", "{}: <{}/> written", "juliet@example.com/balcony", "message");
    Trace.hop("t-2", null, "no connection here");

    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry(Trace.TRACE, "t-1")
        .containsEntry(Trace.CONN, "c-1");
    assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("juliet@example.com/balcony: <message/> written");
    assertThat(lines.list.get(1).getMDCPropertyMap()).containsEntry(Trace.TRACE, "t-2")
        .containsEntry(Trace.CONN, "outer");
    assertThat(MDC.get(Trace.TRACE)).isNull();
    assertThat(MDC.get(Trace.CONN)).isEqualTo("outer");
  }

  @Test
  void logged_restoresTheMdcEvenWhenTheLineThrows() {
    try {
      Trace.logged("t-3", "c-3", () -> {
        throw new IllegalStateException("in the line");
      });
    } catch (IllegalStateException expected) {
      // the MDC is restored all the same
    }
    assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();
  }

  @Test
  void enabled_onlyWithTheHopLoggerAtDebug() {
    assertThat(Trace.enabled()).isTrue();
    path.setLevel(Level.INFO);
    assertThat(Trace.enabled()).isFalse();
  }

  @Test
  void deliveryPipeline_hopLineCarriesTheReceiptsTrace_offAtInfoNothingLogged() {
    TestSessionContext ctx = PartFixture.juliet();
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 1), 1);
    DeliveryPipeline p = new DeliveryPipeline(List.of(OfflineStages.DUPLICATES, OfflineStages.STORAGE));
    UUID id = MessageIds.next(1_796_567_772_207L);
    ctx.receipt(new Receipt(PartFixture.connection(), 3, id, List.of()));

    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/orchard", JULIET, "chat", "hi"), null));

    assertThat(lines.list).singleElement().satisfies(e -> {
      assertThat(e.getMDCPropertyMap()).containsEntry(Trace.TRACE, id.toString()).doesNotContainKey(Trace.CONN);
      assertThat(e.getFormattedMessage())
          .isEqualTo(JULIET + ": <message/> from romeo@example.com/orchard to resource(s) [balcony]");
    });
    assertThat(ctx.delivered).singleElement()
        .satisfies(d -> assertThat(Trace.of(d.receipt())).as("to the connection").isEqualTo(id.toString()));

    path.setLevel(Level.INFO);
    ctx.receipt(new Receipt(PartFixture.connection(), 4, MessageIds.next(1_796_567_772_208L), List.of()));
    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/orchard", JULIET, "chat", "again"), null));
    assertThat(lines.list).hasSize(1);
    assertThat(MDC.get(Trace.TRACE)).isNull();
  }
}
