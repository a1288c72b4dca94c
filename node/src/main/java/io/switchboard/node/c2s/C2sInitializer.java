package io.switchboard.node.c2s;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.protocol.Namespaces;
import java.util.Set;

/**
 * The pipeline of one client connection, inbound order top to bottom:
 *
 * <ol>
 *   <li>{@code tls} — direct TLS (XEP-0368) only; on the STARTTLS port it is added here later
 *   <li>{@code limit} — connections per IP (shared)
 *   <li>{@code decoder} — bytes to stream events (the protocol module's async decoder); it also
 *       paces reading ({@link ReadPacing}: byte-rate shaping and the session's hold)
 *   <li>{@code stream} — the Netty end of the transport-neutral client stream (negotiation and
 *       stanza hand-off)
 * </ol>
 */
final class C2sInitializer extends ChannelInitializer<SocketChannel> {
  private final StreamServices services;
  private final ServerTls tls;
  private final ConnectionLimiter limiter;
  private final boolean directTls;
  private final ActorWiring wiring;

  C2sInitializer(StreamServices services, ServerTls tls, ConnectionLimiter limiter, boolean directTls) {
    this.services = services;
    this.tls = tls;
    this.limiter = limiter;
    this.directTls = directTls;
    this.wiring = ActorWiring.of(services);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (directTls) {
      p.addLast("tls", tls.context().newHandler(ch.alloc()));
    }
    p.addLast("limit", limiter);
    // The XEP-0199 ping and the parser's hibernation are the stream's own timer (Keepalive).
    StreamEventDecoder decoder = new StreamEventDecoder(services.settings().decoderLimits(), Set.of(Namespaces.JABBER_CLIENT),
        new ReadPacing(services.settings().maxBytesPerSecond(), services.clock()));
    p.addLast("decoder", decoder);
    p.addLast("stream", new C2sHandler(services, wiring, decoder, tls, directTls));
  }
}
