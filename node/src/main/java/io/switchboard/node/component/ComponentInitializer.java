package io.switchboard.node.component;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.tls.ServerTls;

/**
 * The pipeline of one component connection, inbound order top to bottom:
 *
 * <ol>
 *   <li>{@code tls} — only with {@code switchboard.components.tls}: direct TLS from the first byte
 *   <li>{@code decoder} — bytes to stream events (the protocol module's async decoder, with the
 *       configured size and depth limits; jabber:component:accept only)
 *   <li>{@code stream} — header, handshake, registration and stanza hand-off
 * </ol>
 *
 * <p>TLS is optional: XEP-0114 components are trusted services, normally on the same host (the
 * listener binds loopback by default); a component elsewhere should connect over TLS.
 */
final class ComponentInitializer extends ChannelInitializer<SocketChannel> {
  private final ComponentServer.Dependencies deps;
  private final FailureThrottle throttle;
  private final ServerTls tls;

  ComponentInitializer(ComponentServer.Dependencies deps, FailureThrottle throttle, ServerTls tls) {
    this.deps = deps;
    this.throttle = throttle;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.context().newHandler(ch.alloc()));
    }
    p.addLast("decoder", new ComponentDecoder(deps.settings().decoderLimits()));
    p.addLast("stream", new ComponentHandler(deps, throttle));
  }
}
