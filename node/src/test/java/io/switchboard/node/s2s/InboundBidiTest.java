package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.node.component.ProposedConfig;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.OutboundLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** XEP-0288 on an incoming stream, on an embedded channel, with the stream's state faked. */
class InboundBidiTest {
  private static final String PAIR = S2sAddressing.pair("peer.test", "sw.test");

  /** The stream as the part sees it. */
  private static final class FakeStream implements InboundState {
    boolean closed;
    final Set<String> pairs = new HashSet<>();
    final List<StreamErrorCondition> failures = new ArrayList<>();

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public Set<String> pairs() {
      return pairs;
    }

    @Override
    public Set<String> peers() {
      return Set.of("peer.test");
    }

    @Override
    public String peer() {
      return "peer.test";
    }

    @Override
    public String streamId() {
      return "s1";
    }

    @Override
    public Object remote() {
      return "test";
    }

    @Override
    public boolean certificateValidFor(String domain) {
      return false;
    }

    @Override
    public void authenticated(String remoteDomain, String localDomain, String how) {}

    @Override
    public void fail(StreamErrorCondition condition, String text) {
      failures.add(condition);
      closed = true;
    }
  }

  /** Records what the entity hears. */
  private static final class Entity implements OutboundLinks.Listener {
    OutboundLinks.Link link;
    final List<Long> written = new ArrayList<>();
    final List<String> down = new ArrayList<>();

    @Override
    public void up(OutboundLinks.Link link) {
      this.link = link;
    }

    @Override
    public void written(long seq) {
      written.add(seq);
    }

    @Override
    public void down(String reason, boolean unreachable) {
      down.add(reason);
    }
  }

  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final S2sStreams streams = new S2sStreams(S2sMetrics.NONE);
  private final BidiLinks links = new BidiLinks();
  private final S2sContext deps = new S2sContext(S2sSettings.fromConfig(ProposedConfig.with(ConfigFactory.empty())),
      Set.of("sw.test"), null, null, null, null, null, streams, null, null, links);
  private final FakeStream stream = new FakeStream();
  private final InboundBidi bidi = new InboundBidi(deps, ctx, new S2sWire(channel), stream);

  @Test
  void feature_offeredUntilAPairIsAuthenticated() {
    XmlElement.Builder before = XmlElement.builder("features", Namespaces.STREAMS);
    bidi.feature(before);
    assertThat(before.build().child("bidi", Namespaces.BIDI_FEATURE)).isPresent();
    stream.pairs.add(PAIR);
    XmlElement.Builder after = XmlElement.builder("features", Namespaces.STREAMS);
    bidi.feature(after);
    assertThat(after.build().child("bidi", Namespaces.BIDI_FEATURE)).isEmpty();
  }

  @Test
  void authenticated_peerDidNotAsk_notOffered() {
    stream.pairs.add(PAIR);
    bidi.authenticated("sw.test", "peer.test");
    assertThat(links.attach("sw.test", "peer.test", new Entity(), () -> {})).isFalse();
  }

  @Test
  void request_afterAuthentication_offersThePairAtOnceAndMarksTheStream() {
    S2sStreams.Entry entry = streams.open("in");
    stream.pairs.add(PAIR);
    bidi.request(entry, "peer.test");
    assertThat(entry.bidi).isTrue();
    assertThat(links.attach("sw.test", "peer.test", new Entity(), () -> {})).isTrue();
    assertThat(links.attach("peer.test", "sw.test", new Entity(), () -> {})).as("the other direction").isFalse();
  }

  @Test
  void attach_thenSend_writesTheStanzaAsJabberServerAndReportsItWritten() {
    Entity entity = attached();
    entity.link.send(7, XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", "a@sw.test")
        .attr("to", "b@peer.test").build());
    channel.runPendingTasks();
    ByteBuf out = channel.readOutbound();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("<message ").doesNotContain("jabber:client");
    out.release();
    assertThat(entity.written).containsExactly(7L);
    assertThat(stream.failures).isEmpty();
  }

  @Test
  void attach_streamClosedMeanwhile_entityDialsOutInstead() {
    requested();
    stream.closed = true;
    Entity entity = new Entity();
    List<String> orElse = new ArrayList<>();
    assertThat(links.attach("sw.test", "peer.test", entity, () -> orElse.add("dial"))).isTrue();
    channel.runPendingTasks();
    assertThat(orElse).containsExactly("dial");
    assertThat(entity.link).isNull();
  }

  @Test
  void end_withdrawsThePairAndTellsTheEntityDown_laterSendsWriteNothing() {
    Entity entity = attached();
    stream.closed = true;
    bidi.end();
    assertThat(entity.down).containsExactly("the peer's bidirectional stream closed");
    assertThat(links.attach("sw.test", "peer.test", new Entity(), () -> {})).isFalse();
    entity.link.send(8, XmlElement.of("message", Namespaces.JABBER_CLIENT));
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(entity.written).isEmpty();
  }

  private void requested() {
    stream.pairs.add(PAIR);
    bidi.request(streams.open("in"), "peer.test");
  }

  private Entity attached() {
    requested();
    Entity entity = new Entity();
    assertThat(links.attach("sw.test", "peer.test", entity, () -> {})).isTrue();
    channel.runPendingTasks();
    assertThat(entity.link).isNotNull();
    return entity;
  }
}
