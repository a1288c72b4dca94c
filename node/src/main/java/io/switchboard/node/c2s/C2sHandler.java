package io.switchboard.node.c2s;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.ClientStream;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.protocol.error.StreamErrorCondition;

/**
 * The Netty end of one client connection: channel events go to the connection's transport-neutral
 * {@link ClientStream}, which writes back through a {@link NettyTransport}. All the negotiation is
 * the stream's; this class only adapts.
 */
final class C2sHandler extends ChannelInboundHandlerAdapter {
  private final StreamServices services;
  private final ActorWiring wiring;
  private final StreamEventDecoder decoder;
  private final ServerTls tls;
  private final boolean directTls;
  private ClientStream stream;

  C2sHandler(StreamServices services, ActorWiring wiring, StreamEventDecoder decoder, ServerTls tls, boolean directTls) {
    this.services = services;
    this.wiring = wiring;
    this.decoder = decoder;
    this.tls = tls;
    this.directTls = directTls;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    stream = new ClientStream(services, new NettyTransport(ctx, decoder, tls, directTls), wiring);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stream.onConnected();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    stream.onEvent(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ConnectionLimiter.Refusal.TOO_MANY_CONNECTIONS) {
      stream.onTooManyConnections();
    } else if (evt == ConnectionLimiter.Refusal.NODE_FULL) {
      stream.onConnectionRefused(StreamErrorCondition.RESOURCE_CONSTRAINT, "this node is full; try another");
    } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      stream.onTlsFailed(hs.cause().getMessage());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stream.onFailure(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stream.onDisconnected();
    ctx.fireChannelInactive();
  }

  /** Node shutdown: the stream ends with {@code <system-shutdown/>}. */
  void shutdown() {
    stream.shutdown();
  }
}
