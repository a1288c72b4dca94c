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

class ReadPacingTest {
  private final EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = ch.pipeline().firstContext();
  private final ReadPacing pacing = new ReadPacing(1000, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  private void advance(long millis) {
    ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void overdrawingTheBucket_pausesReading_untilItRefilled() {
    pacing.read(ctx, 600);
    assertThat(ch.config().isAutoRead()).as("within the one-second burst").isTrue();
    pacing.read(ctx, 600);
    assertThat(ch.config().isAutoRead()).as("200 bytes over: paused").isFalse();

    advance(150);
    assertThat(ch.config().isAutoRead()).as("still within the 200 ms the overdraft takes to refill").isFalse();
    advance(100);
    assertThat(ch.config().isAutoRead()).as("refilled: reading again").isTrue();
  }

  @Test
  void secondOverdraft_whileTheFirstWaits_keepsReadingPausedUntilTheLastWait() {
    pacing.read(ctx, 1200); // 200 over: 200 ms
    pacing.read(ctx, 300); // 500 over (the clock stands still): 500 ms
    advance(250);
    assertThat(ch.config().isAutoRead()).as("the first wait is over, the second is not").isFalse();
    advance(300);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void hold_pausesReading_andTheEndOfARateWaitDoesNotResumeIt() {
    pacing.hold(ctx, true);
    assertThat(ch.config().isAutoRead()).isFalse();
    pacing.read(ctx, 1200);
    advance(250);
    assertThat(ch.config().isAutoRead()).as("the rate wait is over, the hold is not").isFalse();

    pacing.hold(ctx, false);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void release_duringARateWait_resumesWhenTheWaitIsOver() {
    pacing.hold(ctx, true);
    pacing.read(ctx, 1200);
    pacing.hold(ctx, false);
    assertThat(ch.config().isAutoRead()).as("still waiting for the bucket").isFalse();
    advance(250);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void timeHeld_isNotTheClientsSilence() {
    long before = System.nanoTime();
    pacing.hold(ctx, true);
    assertThat(pacing.held()).isTrue();
    pacing.hold(ctx, false);
    assertThat(pacing.notBeforeRelease(before)).as("a read before the hold counts from its release")
        .isGreaterThan(before);
    long after = System.nanoTime();
    assertThat(pacing.notBeforeRelease(after)).as("a read after the release stays").isEqualTo(after);
  }
}
