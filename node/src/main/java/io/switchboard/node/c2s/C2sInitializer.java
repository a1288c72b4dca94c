package io.switchboard.node.c2s;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.protocol.Namespaces;
import java.util.Set;

/**
 * The pipeline of one client connection, inbound order top to bottom:
 *
 * <ol>
 *   <li>{@code tls} — direct TLS (XEP-0368) only; on the STARTTLS port it is added here later
 *   <li>{@code limit} — connections per IP (shared)
 *   <li>{@code rate} — inbound byte-rate shaping
 *   <li>{@code idle} — reader idleness, which makes the handler ping (XEP-0199) or close
 *   <li>{@code decoder} — bytes to stream events (the protocol module's async decoder)
 *   <li>{@code stream} — the negotiation state machine and stanza hand-off
 * </ol>
 */
final class C2sInitializer extends ChannelInitializer<SocketChannel> {
  private final C2sServices services;
  private final ConnectionLimiter limiter;
  private final boolean directTls;
  private final C2sHandler.ActorWiring wiring;

  C2sInitializer(C2sServices services, ConnectionLimiter limiter, boolean directTls) {
    this.services = services;
    this.limiter = limiter;
    this.directTls = directTls;
    this.wiring = C2sHandler.ActorWiring.of(services);
  }

  /** Quiet time after which a connection's parser is dropped until the next read. */
  static final java.time.Duration PARSER_HIBERNATES_AFTER = java.time.Duration.ofSeconds(10);

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (directTls) {
      p.addLast("tls", services.tls().context().newHandler(ch.alloc()));
    }
    p.addLast("limit", limiter);
    // The XEP-0199 ping and the parser's hibernation are C2sHandler's own timer (see idleCheck).
    StreamEventDecoder decoder = new StreamEventDecoder(services.settings().decoderLimits(), Set.of(Namespaces.JABBER_CLIENT),
        new ReadRateLimiter(services.settings().maxBytesPerSecond(), services.clock()));
    p.addLast("decoder", decoder);
    p.addLast("stream", new C2sHandler(services, decoder, directTls, wiring));
  }
}
