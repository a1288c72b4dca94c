package io.switchboard.node.websocket;

import io.switchboard.node.stream.ClientStream;
import io.switchboard.node.stream.DecodeFailure;
import io.switchboard.node.web.ByteRate;
import io.switchboard.node.web.Peer;
import io.switchboard.node.web.SerialExecutor;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.stream.FragmentParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One WebSocket connection: the Pekko HTTP message flow on one side, the transport-neutral
 * {@link ClientStream} on the other. Each inbound message is parsed on its own
 * ({@link FragmentParser}: one complete element, restricted XML, the stanza size limit), turned
 * into a stream event ({@link FrameReader}) and handed to the stream's thread; reading the next
 * message waits as long as the byte rate limit asks (back-pressure down to TCP).
 */
final class WebSocketConnection {
  private final WebSocketContext ctx;
  private final Peer peer;
  private final SerialExecutor thread;
  private final FrameReader reader = new FrameReader();
  private final WebSocketTransport transport;
  private final ClientStream stream;
  private final ByteRate rate;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The message flow until Pekko HTTP takes it; not kept (a blueprint is ~10 KB per connection). */
  private Flow<Message, Message, NotUsed> flow;

  private WebSocketConnection(WebSocketContext ctx, Peer peer) {
    this.ctx = ctx;
    this.peer = peer;
    this.thread = new SerialExecutor(ctx.pool());
    this.transport = new WebSocketTransport(thread, ctx.timer(), peer, reader, ctx.settings().seeOtherUri());
    this.stream = new ClientStream(ctx.services(), transport, ctx.wiring());
    this.rate = new ByteRate(ctx.services().settings().maxBytesPerSecond(), System.nanoTime());
    // The queue is materialized with the rest of the connection's flow (no separate stream for it).
    Source<Message, NotUsed> outbound = Source.<WebSocketTransport.Outgoing>queue(ctx.settings().maxOutboundFrames())
        .mapMaterializedValue(q -> {
          transport.attach(q);
          return NotUsed.getInstance();
        })
        .<Message>map(o -> TextMessage.create(transport.written(o)))
        .watchTermination((nu, done) -> {
          done.whenComplete((d, e) -> end());
          return nu;
        });
    Sink<Message, NotUsed> inbound = Flow.<Message>create()
        .mapAsync(1, this::receive)
        .to(Sink.onComplete(t -> end()));
    this.flow = Flow.fromSinkAndSourceCoupled(inbound, outbound);
  }

  /** A new connection for {@code peer}; its stream's timers start at once. */
  static WebSocketConnection open(WebSocketContext ctx, Peer peer) {
    WebSocketConnection c = new WebSocketConnection(ctx, peer);
    ctx.connections().add(c);
    c.thread.execute(c.stream::onConnected);
    return c;
  }

  /** The message flow for the upgrade; handed out once. */
  Flow<Message, Message, NotUsed> takeFlow() {
    Flow<Message, Message, NotUsed> f = flow;
    flow = null;
    return f;
  }

  /** Node shutdown: {@code <system-shutdown/>} (or see-other-uri), then the close. */
  void shutdown() {
    thread.execute(stream::shutdown);
  }

  private CompletionStage<Done> receive(Message m) {
    long now = System.nanoTime();
    transport.readAt(now);
    int max = ctx.services().settings().decoderLimits().maxStanzaBytes();
    if (!m.isText()) {
      m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), ctx.materializer());
      deliver(new DecodeFailure(StreamError.of(StreamErrorCondition.NOT_WELL_FORMED,
          "XMPP over WebSocket uses text messages (RFC 7395 §3.3.1)")));
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    TextMessage text = m.asTextMessage();
    CompletionStage<String> whole = text.isStrict()
        ? CompletableFuture.completedFuture(text.getStrictText())
        : text.getStreamedText().runFold(new StringBuilder(), (sb, part) -> {
            // Beyond the limit the rest is read and dropped; the parser then refuses the message.
            if (sb.length() <= max) {
              sb.append(part, 0, Math.min(part.length(), max + 1 - sb.length()));
            }
            return sb;
          }, ctx.materializer()).thenApply(StringBuilder::toString);
    return whole.thenCompose(s -> {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      FragmentParser.Result result = FragmentParser.parse(bytes, ctx.services().settings().decoderLimits());
      thread.execute(() -> stream.onEvent(reader.toEvent(result, bytes.length)));
      long wait = rate.read(bytes.length, System.nanoTime());
      if (wait <= 0) {
        return transport.readable();
      }
      return CompletableFuture.supplyAsync(Done::getInstance, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS))
          .thenCompose(d -> transport.readable());
    });
  }

  private void deliver(Object event) {
    thread.execute(() -> stream.onEvent(event));
  }

  /** Either direction ended: the connection is gone (once). */
  private void end() {
    if (ended.compareAndSet(false, true)) {
      transport.ended();
      ctx.connections().remove(this);
      ctx.addresses().release(peer.address());
      thread.execute(stream::onDisconnected);
    }
  }
}
