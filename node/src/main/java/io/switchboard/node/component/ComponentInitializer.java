package io.switchboard.node.component;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * The pipeline of one component connection, inbound order top to bottom:
 *
 * <ol>
 *   <li>{@code decoder} — bytes to stream events (the protocol module's async decoder, with the
 *       configured size and depth limits; jabber:component:accept only)
 *   <li>{@code stream} — header, handshake, registration and stanza hand-off
 * </ol>
 *
 * <p>No TLS: XEP-0114 components are trusted services, normally on the same host or network.
 */
final class ComponentInitializer extends ChannelInitializer<SocketChannel> {
  private final ComponentServer.Dependencies deps;

  ComponentInitializer(ComponentServer.Dependencies deps) {
    this.deps = deps;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("decoder", new ComponentDecoder(deps.settings().decoderLimits()));
    p.addLast("stream", new ComponentHandler(deps));
  }
}
