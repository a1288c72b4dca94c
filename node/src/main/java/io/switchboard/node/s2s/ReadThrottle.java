package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code max-stanzas-per-second} stanzas read from a peer: past it, reading pauses until
 * the second is over. One per stream, used on its event loop.
 */
final class ReadThrottle {
  private final int perSecond;
  private long windowStart;
  private int windowCount;

  ReadThrottle(int perSecond) {
    this.perSecond = perSecond;
  }

  /** One more stanza was read on {@code ctx}'s channel. */
  void read(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    if (now - windowStart >= 1_000_000_000L) {
      windowStart = now;
      windowCount = 0;
    }
    if (++windowCount >= perSecond && ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
      long wait = Math.max(1, 1_000_000_000L - (now - windowStart));
      ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true), wait, TimeUnit.NANOSECONDS);
    }
  }
}
