package io.switchboard.bench.jmh;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.UserSession;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a message costs when its hop crosses nodes: the entity command ({@code UserSession.Inbound}
 * with its receipt) and the connection's {@code Deliver}, through the serializer the cluster is
 * configured with, to bytes and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeSerializationBenchmark {
  private ActorSystem<Void> system;
  private Serialization serialization;
  private UserSession.Inbound inbound;
  private ConnectionMessage.Deliver deliver;
  private Serializer inboundSerializer;
  private String inboundManifest;
  private byte[] inboundBytes;

  @Setup
  public void start() {
    system = ActorSystem.create(Behaviors.empty(), "EnvelopeSerializationBenchmark", ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.coordinated-shutdown.exit-jvm = off
        """).withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system.classicSystem());
    ActorRef<ConnectionMessage> connection = system.systemActorOf(Behaviors.ignore(), "romeo", Props.empty());
    XmlElement message = XmlElement.builder("message", "jabber:client")
        .attr("from", "romeo@example.com/orchard").attr("to", "juliet@example.com").attr("type", "chat")
        .attr("id", "m1")
        .textChild("body", "Deny thy father and refuse thy name; or, if thou wilt not, be but sworn my love.")
        .build();
    Receipt receipt = new Receipt(connection, 42);
    inbound = new UserSession.Inbound(message, receipt);
    deliver = new ConnectionMessage.Deliver(message, receipt);
    inboundSerializer = serialization.findSerializerFor(inbound);
    inboundManifest = Serializers.manifestFor(inboundSerializer, inbound);
    inboundBytes = serialization.serialize(inbound).get();
    System.out.printf("%n[envelope] Inbound: %d bytes with %s; Deliver: %d bytes%n", inboundBytes.length,
        inboundSerializer.getClass().getSimpleName(), serialization.serialize(deliver).get().length);
  }

  @TearDown
  public void stop() {
    system.terminate();
  }

  @Benchmark
  public byte[] serializeInbound() {
    return serialization.serialize(inbound).get();
  }

  @Benchmark
  public Object deserializeInbound() {
    return serialization.deserialize(inboundBytes, inboundSerializer.identifier(), inboundManifest).get();
  }

  @Benchmark
  public byte[] serializeDeliver() {
    return serialization.serialize(deliver).get();
  }
}
