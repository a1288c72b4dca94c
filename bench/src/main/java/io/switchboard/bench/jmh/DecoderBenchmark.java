package io.switchboard.bench.jmh;

import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The c2s decoder (bytes to stanza trees, with the production limits) on an open stream. One
 * operation is one stanza of {@link TypicalStanzas}; bytes per stanza are printed at setup, so
 * MB/s = ops/s × that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecoderBenchmark {
  private static final int STANZAS = 100;

  private StreamDecoder decoder;
  private byte[] batch;

  @Setup
  public void open() throws StreamErrorException {
    decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of("jabber:client"));
    decoder.feed(TypicalStanzas.utf8(TypicalStanzas.STREAM_HEADER));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < STANZAS; i += 10) {
      sb.append(TypicalStanzas.batchOfTen(i));
    }
    batch = TypicalStanzas.utf8(sb.toString());
    System.out.printf("%n[decoder] %d bytes per stanza on average%n", batch.length / STANZAS);
  }

  /** A read of 100 stanzas at once (a busy client's socket read). */
  @Benchmark
  @OperationsPerInvocation(STANZAS)
  public void decodeOneRead(Blackhole sink) throws StreamErrorException {
    decoder.feed(batch, 0, batch.length, sink::consume);
  }

  /** The same bytes arriving in 1,460-byte segments (one TCP segment per read). */
  @Benchmark
  @OperationsPerInvocation(STANZAS)
  public void decodeSegments(Blackhole sink) throws StreamErrorException {
    for (int off = 0; off < batch.length; off += 1460) {
      decoder.feed(batch, off, Math.min(1460, batch.length - off), sink::consume);
    }
  }
}
