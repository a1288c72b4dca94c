package io.switchboard.node.c2s;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamEvent.ElementReceived;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The session's hold stops parsing mid-read; what the read brought in waits for the release. */
class StreamEventDecoderTest {
  private static final String HEADER = "<stream:stream to='example.com' version='1.0' xmlns='jabber:client' "
      + "xmlns:stream='http://etherx.jabber.org/streams'>";

  private final StreamEventDecoder decoder = new StreamEventDecoder(DecoderLimits.DEFAULT,
      Set.of(Namespaces.JABBER_CLIENT), new ReadPacing(Long.MAX_VALUE / 4, Clock.systemUTC()));
  private final List<String> ids = new ArrayList<>();
  /** Holds reading at every {@code holdEvery}-th stanza, as the session does at max-in-flight. */
  private int holdEvery = 3;
  private final EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ElementReceived r) {
        ids.add(r.element().attr("id"));
        if (ids.size() % holdEvery == 0) {
          decoder.hold(ch.pipeline().context(decoder), true);
        }
      }
    }
  });

  private static String stanzas(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("<message to='a@example.com' id='").append(i).append("'><body>").append(i).append("</body></message>");
    }
    return sb.toString();
  }

  private void read(String xml) {
    ch.writeInbound(Unpooled.wrappedBuffer(xml.getBytes(UTF_8)));
  }

  private void release() {
    decoder.hold(ch.pipeline().context(decoder), false);
  }

  @Test
  void holdMidRead_stopsAfterThatStanza_andTheRestIsParsedOnRelease() {
    read(HEADER + stanzas(0, 8) + "<message id='8'><bo");
    assertThat(ids).as("nothing past the stanza that held").containsExactly("0", "1", "2");
    assertThat(decoder.parkedBytes()).isPositive();
    assertThat(ch.config().isAutoRead()).isFalse();

    read("dy>8</body></message>" + stanzas(9, 10));
    assertThat(ids).as("a read while held is parked too").hasSize(3);

    release();
    assertThat(ids).as("the release parses the parked bytes up to the next hold").hasSize(6);
    assertThat(ch.config().isAutoRead()).as("held again before the socket is read").isFalse();
    release();
    assertThat(ids).hasSize(9);
    release();
    assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(decoder.parkedBytes()).isZero();
    assertThat(ch.config().isAutoRead()).as("everything parsed and not held: reading again").isTrue();
  }

  @Test
  void releaseWithNothingParked_justResumesReading() {
    holdEvery = 2;
    read(HEADER + stanzas(0, 2));
    assertThat(ids).hasSize(2);
    assertThat(decoder.parkedBytes()).as("the hold came with the read's last stanza").isZero();
    release();
    assertThat(ch.config().isAutoRead()).isTrue();
    read(stanzas(2, 3));
    assertThat(ids).hasSize(3);
  }
}
