package io.switchboard.sharding.component;

import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.testing.RecordingRouting;
import io.switchboard.sharding.testing.Xml;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ComponentSession} through {@link ComponentRoutes} on a real single-node cluster; test
 * probes stand in for the node's component connection actors.
 */
class ComponentSessionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ActorTestKit testKit;
  private static ComponentRoutes routes;
  private static final RecordingRouting bounces = new RecordingRouting();

  @BeforeAll
  static void start() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        """).withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create("ComponentSessionTest", config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
      return null;
    });
    routes = new ComponentRoutes(ClusterSharding.get(testKit.system()),
        Set.of(Jids.domain("a.example.com"), Jids.domain("b.example.com"), Jids.domain("c.example.com"),
            Jids.domain("d.example.com"), Jids.domain("e.example.com")));
    ComponentSession.init(testKit.system(), bounces);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ComponentSession.Registration register(String domain, ActorRef<ConnectionMessage> ref) {
    return routes.register(Jids.domain(domain), ref, WAIT).toCompletableFuture().join();
  }

  @Test
  void deliver_registeredConnection_receivesStanza() {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    assertThat(register("a.example.com", conn.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);
    XmlElement msg = message("juliet@example.com/balcony", "bot@a.example.com", "chat", "hi");

    routes.deliver(msg);

    assertThat(conn.expectMessageClass(ConnectionMessage.Deliver.class, WAIT).stanza()).isEqualTo(msg);
  }

  @Test
  void deliver_noConnection_bouncesServiceUnavailableToSender() {
    routes.deliver(message("juliet@example.com/balcony", "b.example.com", "chat", "anyone?"));

    XmlElement bounce = bounces.next();
    assertThat(bounce.attr("type")).isEqualTo("error");
    assertThat(bounce.attr("to")).isEqualTo("juliet@example.com/balcony");
    assertThat(bounce.attr("from")).isEqualTo("b.example.com");
    assertThat(Xml.errorCondition(bounce)).isEqualTo("service-unavailable");
  }

  @Test
  void register_secondConnection_isRefusedWithConflictAndFirstKeepsTraffic() {
    TestProbe<ConnectionMessage> first = testKit.createTestProbe();
    TestProbe<ConnectionMessage> second = testKit.createTestProbe();
    assertThat(register("c.example.com", first.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);

    assertThat(register("c.example.com", second.getRef())).isEqualTo(new ComponentSession.Refused("conflict"));
    // Registering again with the same connection (the periodic re-register) is accepted.
    assertThat(register("c.example.com", first.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);

    routes.deliver(message("juliet@example.com/balcony", "c.example.com", "chat", "x"));
    first.expectMessageClass(ConnectionMessage.Deliver.class, WAIT);
    second.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void unregister_thenDeliver_bouncesAndSlotIsFree() {
    TestProbe<ConnectionMessage> first = testKit.createTestProbe();
    assertThat(register("d.example.com", first.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);
    routes.unregister(Jids.domain("d.example.com"), first.getRef());

    routes.deliver(message("romeo@example.com/r", "d.example.com", "chat", "gone?"));
    assertThat(Xml.errorCondition(bounces.next())).isEqualTo("service-unavailable");
    TestProbe<ConnectionMessage> next = testKit.createTestProbe();
    assertThat(register("d.example.com", next.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);
  }

  @Test
  void connectionActorStops_slotIsFreedByDeathWatch() {
    TestProbe<ConnectionMessage> first = testKit.createTestProbe();
    assertThat(register("e.example.com", first.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);
    first.stop();

    TestProbe<ConnectionMessage> next = testKit.createTestProbe();
    next.awaitAssert(WAIT, () -> {
      assertThat(register("e.example.com", next.getRef())).isEqualTo(ComponentSession.Accepted.INSTANCE);
      return null;
    });
  }

  @Test
  void deliver_errorStanzaWithoutComponent_isNotBounced() {
    bounces.drain();
    XmlElement error = message("juliet@example.com/balcony", "b.example.com", "error", "x");

    routes.deliver(error);
    routes.deliver(message(null, "b.example.com", "chat", "no sender"));

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.expectNoMessage(Duration.ofMillis(300));
    assertThat(bounces.drain()).isEmpty();
  }

  @Test
  void deliver_notAComponentDomain_isRejected() {
    assertThatThrownBy(() -> routes.deliver(message(null, "example.com", "chat", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(routes.isComponent(Jids.domain("a.example.com"))).isTrue();
    assertThat(routes.isComponent(Jids.domain("example.com"))).isFalse();
  }

  @Test
  void commands_roundTripThroughJacksonCbor() {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    TestProbe<ComponentSession.Registration> reply = testKit.createTestProbe();
    Object[] values = {
        new ComponentSession.Register(conn.getRef(), reply.getRef()),
        new ComponentSession.Unregister(conn.getRef()),
        new ComponentSession.Deliver(message("a@example.com/r", "a.example.com", "chat", "<&>")),
        ComponentSession.Accepted.INSTANCE,
        new ComponentSession.Refused("conflict")};
    for (Object value : values) {
      byte[] bytes = serialization.serialize(value).get();
      var serializer = serialization.findSerializerFor(value);
      assertThat(serializer.identifier()).as("jackson-cbor for " + value).isEqualTo(33);
      Object back = serialization.deserialize(bytes, serializer.identifier(),
          Serializers.manifestFor(serializer, value)).get();
      assertThat(back).isEqualTo(value);
    }
  }
}
