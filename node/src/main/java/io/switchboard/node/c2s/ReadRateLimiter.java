package io.switchboard.node.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Rate shaping of one connection's inbound bytes: a token bucket of {@code bytesPerSecond} with
 * one second of burst. When a read overdraws it, reading pauses ({@code autoRead} off) until the
 * bucket has refilled; the client is slowed, not disconnected, and TCP back-pressure does the rest.
 */
final class ReadRateLimiter extends ChannelInboundHandlerAdapter {
  private final long bytesPerSecond;
  private final Clock clock;
  private double tokens;
  private long lastRefillMillis;

  ReadRateLimiter(long bytesPerSecond, Clock clock) {
    this.bytesPerSecond = bytesPerSecond;
    this.clock = clock;
    this.tokens = bytesPerSecond;
    this.lastRefillMillis = clock.millis();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      long now = clock.millis();
      tokens = Math.min(bytesPerSecond, tokens + (now - lastRefillMillis) * bytesPerSecond / 1000.0);
      lastRefillMillis = now;
      tokens -= buf.readableBytes();
      if (tokens < 0) {
        long waitMillis = (long) Math.ceil(-tokens * 1000.0 / bytesPerSecond);
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
          if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
          }
        }, waitMillis, TimeUnit.MILLISECONDS);
      }
    }
    ctx.fireChannelRead(msg);
  }
}
