package io.switchboard.node.c2s;

import io.netty.channel.ChannelHandlerContext;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * When one connection reads ({@code autoRead}). Two things pause it, each on its own:
 *
 * <ul>
 *   <li>rate shaping of the inbound bytes: a token bucket of {@code bytesPerSecond} with one
 *       second of burst; a read that overdraws it pauses reading until the bucket has refilled;
 *   <li>the hold: the connection's session asks for it while the cluster has not yet taken what
 *       the client sent ({@code switchboard.c2s.max-in-flight}, see the stream package's
 *       {@code ConnectionActor}), and releases it once it caught up.
 * </ul>
 *
 * <p>Reading resumes only when neither pauses it. The client is slowed, not disconnected: TCP
 * back-pressure does the rest. Called on the channel's event loop, by the connection's
 * {@link StreamEventDecoder} for every read and by its transport for the hold; one object per
 * connection rather than a pipeline handler of its own (a handler context per connection saved).
 */
final class ReadPacing {
  private final long bytesPerSecond;
  private final Clock clock;
  private double tokens;
  private long lastRefillMillis;
  /** Rate waits not yet over (an overdraw while one runs adds another; reading waits for the last). */
  private int rateWaits;
  private boolean held;
  /** When the hold was last released ({@link System#nanoTime()}); meaningful once {@link #released}. */
  private long releasedAtNanos;
  private boolean released;

  ReadPacing(long bytesPerSecond, Clock clock) {
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
      rateWaits++;
      apply(ctx);
      ctx.executor().schedule(() -> {
        rateWaits--;
        apply(ctx);
      }, waitMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Holds reading ({@code true}) until released ({@code false}); repeated calls change nothing. */
  void hold(ChannelHandlerContext ctx, boolean hold) {
    if (held == hold) {
      return;
    }
    held = hold;
    if (!hold) {
      released = true;
      releasedAtNanos = System.nanoTime();
    }
    apply(ctx);
  }

  /** Whether the session holds reading now. */
  boolean held() {
    return held;
  }

  /**
   * {@code nanos}, or the last release of the hold if that came later: time spent held must not
   * count as the client's silence or slowness (the ping, the stanza deadline).
   */
  long notBeforeRelease(long nanos) {
    return released && releasedAtNanos - nanos > 0 ? releasedAtNanos : nanos;
  }

  private void apply(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(rateWaits == 0 && !held);
    }
  }
}
