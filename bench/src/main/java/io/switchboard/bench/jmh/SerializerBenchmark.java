package io.switchboard.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a delivered stanza as the c2s connection does: {@code from} stamped, the element
 * written with {@code jabber:client} in scope, encoded into a pooled buffer (then released, as the
 * socket write would).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerializerBenchmark {
  private XmlElement message;
  private XmlElement presence;

  @Setup
  public void parse() throws StreamErrorException {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of("jabber:client"));
    decoder.feed(TypicalStanzas.utf8(TypicalStanzas.STREAM_HEADER));
    List<StreamEvent> events = decoder.feed(TypicalStanzas.utf8(
        String.format(TypicalStanzas.MESSAGE, 1, 1) + String.format(TypicalStanzas.PRESENCE, 2)));
    message = ((StreamEvent.ElementReceived) events.get(0)).element().withAttribute("from", "romeo@example.com/orchard");
    presence = ((StreamEvent.ElementReceived) events.get(1)).element().withAttribute("from", "romeo@example.com/orchard");
  }

  @Benchmark
  public int writeMessage() {
    return encode(message);
  }

  @Benchmark
  public int writePresence() {
    return encode(presence);
  }

  private static int encode(XmlElement e) {
    ByteBuf buf = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT,
        StreamHeader.writeTopLevel(e, "jabber:client"));
    int n = buf.readableBytes();
    buf.release();
    return n;
  }
}
