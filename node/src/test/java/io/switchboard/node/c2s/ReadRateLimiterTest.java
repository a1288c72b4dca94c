package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadRateLimiterTest {
  @Test
  void overdrawingTheBucket_pausesReading_untilItRefilled() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    ChannelHandlerContext ctx = ch.pipeline().firstContext();
    ReadRateLimiter rate = new ReadRateLimiter(1000, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    rate.read(ctx, 600);
    assertThat(ch.config().isAutoRead()).as("within the one-second burst").isTrue();
    rate.read(ctx, 600);
    assertThat(ch.config().isAutoRead()).as("200 bytes over: paused").isFalse();

    ch.advanceTimeBy(150, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.config().isAutoRead()).as("still within the 200 ms the overdraft takes to refill").isFalse();
    ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.config().isAutoRead()).as("refilled: reading again").isTrue();
  }
}
