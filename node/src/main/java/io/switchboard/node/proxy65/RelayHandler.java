package io.switchboard.node.proxy65;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.switchboard.node.net.PeerAddresses;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a proxied bytestream, from an accepted CONNECT to close.
 *
 * <p>Concurrency design. The two channels of a pair may live on different event loops, and
 * activation comes from a third thread (the one routing the activation IQ). Every field here is
 * touched only on this channel's event loop: {@link #connect} hands each side its peer through
 * {@code eventLoop().execute}, and the only calls made on the peer channel ({@code writeAndFlush},
 * {@code close}) are thread-safe in Netty. Reading is manual ({@code autoRead} off from the
 * CONNECT on): before activation nothing is read, so early data waits in the kernel; after it,
 * one buffer is read, written to the peer, and the next read is requested only when that write
 * completed (and the rate allows). So each direction holds at most one buffer in memory, a slow
 * receiver slows the sender through TCP, and no event loop ever blocks.
 *
 * <p>Closing: after activation, a side that closes closes its peer once what it read is flushed
 * to it, and an idle stream closes. Before activation a side that closes only leaves the
 * rendezvous (the other may still be paired by a new connection, or meets its activation timeout);
 * if it closes while an activation is in flight, that activation closes the other side.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

  /** Bound on bytes the SOCKS5 decoder read past the CONNECT (one read at most, in practice). */
  static final int MAX_EARLY_BYTES = 256 * 1024;

  /** What every relay of a proxy shares; {@code perPeer} is null without a per-address rate. */
  record Options(StreamPairs<Channel> pairs, Duration idleTimeout, long maxBytesPerSecond, LongSupplier nanoTicker,
      PeerBandwidth perPeer) {
    Options(StreamPairs<Channel> pairs, Duration idleTimeout, long maxBytesPerSecond, LongSupplier nanoTicker) {
      this(pairs, idleTimeout, maxBytesPerSecond, nanoTicker, null);
    }
  }

  private final Options options;
  private final String digest;
  private final Future<?> activationDeadline;
  private Channel peer;
  private TokenBucket bucket;
  private PeerBandwidth.Lease peerBucket;
  private CompositeByteBuf early;

  RelayHandler(Options options, String digest, Future<?> activationDeadline) {
    this.options = options;
    this.digest = digest;
    this.activationDeadline = activationDeadline;
  }

  /**
   * Starts relaying between two channels that joined the same digest. Thread-safe; returns false
   * when the event loops no longer take tasks (the proxy is shutting down), after closing both.
   */
  static boolean connect(Channel a, Channel b) {
    try {
      a.eventLoop().execute(() -> activate(a, b));
      b.eventLoop().execute(() -> activate(b, a));
      return true;
    } catch (RejectedExecutionException e) {
      a.close();
      b.close();
      return false;
    }
  }

  private static void activate(Channel self, Channel peer) {
    ChannelHandlerContext ctx = self.pipeline().context(RelayHandler.class);
    if (ctx == null) {
      // Already closed and torn down.
      self.close();
      peer.close();
      return;
    }
    ((RelayHandler) ctx.handler()).activate(ctx, peer);
  }

  private void activate(ChannelHandlerContext ctx, Channel other) {
    activationDeadline.cancel(false);
    if (!ctx.channel().isActive()) {
      // This side closed while the pair was being activated: it never learnt its peer.
      other.close();
      return;
    }
    peer = other;
    ctx.pipeline().addBefore(ctx.name(), "idle",
        new IdleStateHandler(0, 0, options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
    if (options.maxBytesPerSecond() > 0) {
      bucket = new TokenBucket(options.maxBytesPerSecond(), options.nanoTicker().getAsLong());
    }
    if (options.perPeer() != null) {
      peerBucket = options.perPeer().acquire(
          PeerAddresses.key(ctx.channel().remoteAddress()), options.nanoTicker().getAsLong());
    }
    log.debug("Proxy relays {} from {}", digest, ctx.channel().remoteAddress());
    if (early != null) {
      CompositeByteBuf data = early;
      early = null;
      forward(ctx, data);
    } else {
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (peer == null) {
      holdEarly(ctx, buf);
      return;
    }
    forward(ctx, buf);
  }

  /** Writes to the peer; the next read waits for the write (and for the rate limit). */
  private void forward(ChannelHandlerContext ctx, ByteBuf buf) {
    int bytes = buf.readableBytes();
    long now = options.nanoTicker().getAsLong();
    long connectionWait = bucket == null ? 0 : bucket.take(bytes, now);
    long waitNanos = peerBucket == null ? connectionWait : Math.max(connectionWait, peerBucket.take(bytes, now));
    Channel self = ctx.channel();
    peer.writeAndFlush(buf).addListener(f -> {
      if (!f.isSuccess()) {
        self.close();
      } else if (waitNanos == 0) {
        self.read();
      } else {
        self.eventLoop().schedule(self::read, waitNanos, TimeUnit.NANOSECONDS);
      }
    });
  }

  private void holdEarly(ChannelHandlerContext ctx, ByteBuf buf) {
    if (early == null) {
      early = ctx.alloc().compositeBuffer();
    }
    early.addComponent(true, buf);
    if (early.readableBytes() > MAX_EARLY_BYTES) {
      log.info("Proxy connection from {} sent more than {} bytes before activation; closing",
          ctx.channel().remoteAddress(), MAX_EARLY_BYTES);
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.debug("Proxy stream {} idle for {}; closing", digest, options.idleTimeout());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peerBucket != null) {
      peerBucket.release();
      peerBucket = null;
    }
    if (peer != null) {
      if (peer.isActive() && !peer.eventLoop().isShuttingDown()) {
        // What this side sent is queued on the peer before the close, so it is delivered first.
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    } else {
      options.pairs().leave(digest, ctx.channel());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (early != null) {
      early.release();
      early = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Proxy stream {} failed: {}", digest, cause.toString());
    ctx.close();
  }
}
