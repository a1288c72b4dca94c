package io.switchboard.node.c2s;

import io.netty.channel.ChannelHandlerContext;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Rate shaping of one connection's inbound bytes: a token bucket of {@code bytesPerSecond} with
 * one second of burst. When a read overdraws it, reading pauses ({@code autoRead} off) until the
 * bucket has refilled; the client is slowed, not disconnected, and TCP back-pressure does the rest.
 * Called by the connection's {@link StreamEventDecoder} for every read rather than being a
 * pipeline handler of its own (a handler context per connection saved).
 */
final class ReadRateLimiter {
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

  /** {@code bytes} arrived on the connection of {@code ctx}. */
  void read(ChannelHandlerContext ctx, int bytes) {
    long now = clock.millis();
    tokens = Math.min(bytesPerSecond, tokens + (now - lastRefillMillis) * bytesPerSecond / 1000.0);
    lastRefillMillis = now;
    tokens -= bytes;
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
}
