package io.switchboard.node.proxy65;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.switchboard.node.net.PerPeerConnectionLimit;
import java.time.Duration;

/**
 * The pipeline of one proxy connection. During the handshake, inbound top to bottom:
 *
 * <ol>
 *   <li>{@code per-ip} — {@link PerPeerConnectionLimit}: counts the connection under its address
 *       and closes it when there are too many; leaves the pipeline at once
 *   <li>{@code socks-encoder} — SOCKS5 replies to bytes (outbound only)
 *   <li>{@code socks-initial} — the method-selection request; replaced by {@code socks-command}
 *       (the CONNECT request) once a method is agreed
 *   <li>{@code socks} — {@link Socks5Handshake}
 * </ol>
 *
 * <p>After an accepted CONNECT the SOCKS5 handlers leave and {@code relay} ({@link RelayHandler})
 * is all that remains; activation puts {@code idle} in front of it.
 */
final class Proxy65Initializer extends ChannelInitializer<SocketChannel> {
  private final RelayHandler.Options relay;
  private final Duration activationTimeout;
  private final PerPeerConnectionLimit perIp;

  Proxy65Initializer(RelayHandler.Options relay, Duration activationTimeout, PerPeerConnectionLimit perIp) {
    this.relay = relay;
    this.activationTimeout = activationTimeout;
    this.perIp = perIp;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("per-ip", perIp);
    p.addLast(Socks5Handshake.ENCODER, Socks5ServerEncoder.DEFAULT);
    p.addLast(Socks5Handshake.INITIAL_DECODER, new Socks5InitialRequestDecoder());
    p.addLast("socks", new Socks5Handshake(relay, activationTimeout));
  }
}
