package io.switchboard.node.proxy65;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOCKS5 handshake of one proxy connection (RFC 1928): method selection with "no
 * authentication required" only (§3), then a single CONNECT whose address is a stream digest
 * (ATYP 3, 40 hex digits, port 0: XEP-0065 §6.3.2). A valid CONNECT joins the rendezvous and this
 * handler gives way to a {@link RelayHandler}; anything else gets the RFC's reply for it (method
 * X'FF', or a failed CONNECT reply) and the socket closes.
 *
 * <p>The whole life of a connection before activation, handshake included, is bounded by the
 * activation timeout, started here.
 */
final class Socks5Handshake extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Socks5Handshake.class);

  static final String INITIAL_DECODER = "socks-initial";
  static final String COMMAND_DECODER = "socks-command";
  static final String ENCODER = "socks-encoder";
  static final String RELAY = "relay";

  private final RelayHandler.Options relay;
  private final StreamPairs<Channel> pairs;
  private final Duration activationTimeout;
  private Future<?> deadline;

  Socks5Handshake(RelayHandler.Options relay, Duration activationTimeout) {
    this.relay = relay;
    this.pairs = relay.pairs();
    this.activationTimeout = activationTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    deadline = ctx.executor().schedule(() -> {
      log.debug("Proxy connection from {} not activated within {}; closing", ch.remoteAddress(), activationTimeout);
      ch.close();
    }, activationTimeout.toNanos(), TimeUnit.NANOSECONDS);
    ch.closeFuture().addListener(f -> deadline.cancel(false));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Socks5InitialRequest request) {
        onInitial(ctx, request);
      } else if (msg instanceof Socks5CommandRequest request) {
        onCommand(ctx, request);
      } else {
        // Bytes before the handshake finished: not SOCKS5 as XEP-0065 uses it.
        log.info("Proxy connection from {} sent data during the SOCKS5 handshake; closing", remote(ctx));
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** RFC 1928 §3: the client lists its methods; we take "no authentication" or refuse with X'FF'. */
  private void onInitial(ChannelHandlerContext ctx, Socks5InitialRequest request) {
    if (request.decoderResult().isFailure()) {
      log.info("Proxy connection from {} is not SOCKS5: {}", remote(ctx), request.decoderResult().cause().getMessage());
      ctx.close();
      return;
    }
    if (!request.authMethods().contains(Socks5AuthMethod.NO_AUTH)) {
      log.info("Proxy connection from {} offers no method we accept ({})", remote(ctx), request.authMethods());
      ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // Replace before answering: bytes the client already sent after its greeting go to the new
    // decoder (a replaced handler's late events are forwarded to its successor).
    ctx.pipeline().replace(INITIAL_DECODER, COMMAND_DECODER, new Socks5CommandRequestDecoder());
    ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.NO_AUTH));
  }

  /** RFC 1928 §4/§6 with XEP-0065 §6.3.2: CONNECT to DOMAIN digest, port 0. */
  private void onCommand(ChannelHandlerContext ctx, Socks5CommandRequest request) {
    if (request.decoderResult().isFailure()) {
      log.info("Proxy connection from {} sent a malformed SOCKS5 request: {}", remote(ctx),
          request.decoderResult().cause().getMessage());
      ctx.close();
      return;
    }
    if (request.type() != Socks5CommandType.CONNECT) {
      refuse(ctx, Socks5CommandStatus.COMMAND_UNSUPPORTED, "command " + request.type());
      return;
    }
    if (request.dstAddrType() != Socks5AddressType.DOMAIN) {
      refuse(ctx, Socks5CommandStatus.ADDRESS_UNSUPPORTED, "address type " + request.dstAddrType());
      return;
    }
    String digest = StreamDigest.normalize(request.dstAddr());
    if (digest == null || request.dstPort() != 0) {
      refuse(ctx, Socks5CommandStatus.FORBIDDEN, "an address that is not a stream digest");
      return;
    }
    Channel ch = ctx.channel();
    switch (pairs.join(digest, ch)) {
      case FULL -> {
        log.warn("Proxy refuses a stream from {}: {} streams already wait for activation", remote(ctx), pairs.pendingCount());
        refuse(ctx, Socks5CommandStatus.FAILURE, null);
      }
      case TAKEN -> refuse(ctx, Socks5CommandStatus.FORBIDDEN, "a stream that already has both parties");
      case FIRST, SECOND -> accept(ctx, request, digest);
    }
  }

  private void accept(ChannelHandlerContext ctx, Socks5CommandRequest request, String digest) {
    log.debug("Proxy connection from {} waits for activation of {}", remote(ctx), digest);
    // Nothing is read until activation: what a client sends early waits in the kernel, and TCP
    // flow control bounds it. XEP-0065: BND.ADDR and BND.PORT echo the request.
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(new DefaultSocks5CommandResponse(
        Socks5CommandStatus.SUCCESS, Socks5AddressType.DOMAIN, request.dstAddr(), request.dstPort()));
    // The relay first, so that bytes the decoder had already read past the CONNECT reach it.
    ctx.pipeline().replace(this, RELAY, new RelayHandler(relay, digest, deadline));
    ctx.pipeline().remove(COMMAND_DECODER);
    ctx.pipeline().remove(ENCODER);
  }

  private void refuse(ChannelHandlerContext ctx, Socks5CommandStatus status, String why) {
    if (why != null) {
      log.info("Proxy connection from {} asked for {}; refused", remote(ctx), why);
    }
    ctx.writeAndFlush(new DefaultSocks5CommandResponse(status, Socks5AddressType.IPv4, "0.0.0.0", 0))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Proxy connection from {} failed during the handshake: {}", remote(ctx), cause.toString());
    ctx.close();
  }

  private static SocketAddress remote(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress();
  }
}
