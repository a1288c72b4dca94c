package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a remote domain counts as lost: the pure step behind {@link PeerStreams}. */
class PeerStreamsStateTest {
  private static final long GRACE = 10_000;
  private static final long LEASE = 135_000;
  private static final long WINDOW = 3_600_000;

  @Test
  void down_lastStreamLost_announcedAfterGraceOnly() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000);
    assertThat(s.announceDue(5_000, GRACE)).isFalse();
    assertThat(s.announceDue(11_000, GRACE)).isTrue();
    // Announced: the entity now waits for the domain to come back, within the return window.
    PeerStreamsState announced = s.announced(11_000);
    assertThat(announced.idle()).isFalse();
    assertThat(announced.forget(11_000 + WINDOW + 1, WINDOW).idle()).isTrue();
  }

  @Test
  void up_afterAnAnnouncedLoss_returningOnce() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000).announced(11_000);
    assertThat(s.returning()).isFalse();
    s = s.up("b", 20_000);
    assertThat(s.returning()).isTrue();
    s = s.returnAnnounced();
    assertThat(s.returning()).isFalse();
    assertThat(s.up("b", 25_000).returning()).as("vouching for the same stream is no second return").isFalse();
    assertThat(s.up("c", 26_000).returning()).as("another stream is no second return").isFalse();
  }

  @Test
  void awaitingReturn_onlyBetweenTheAnnouncementAndTheReturn() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000);
    assertThat(s.awaitingReturn()).as("lost, not yet announced").isFalse();
    s = s.announced(11_000);
    assertThat(s.awaitingReturn()).isTrue();
    // An outgoing stream of ours reached the domain: its return, announced once.
    s = s.returnAnnounced();
    assertThat(s.awaitingReturn()).isFalse();
    assertThat(s.idle()).as("nothing left to watch").isTrue();
    assertThat(s.up("b", 12_000).returning()).as("its next incoming stream is no second return").isFalse();
  }

  @Test
  void up_withoutAnAnnouncedLoss_noReturn() {
    assertThat(PeerStreamsState.EMPTY.up("a", 0).returning()).isFalse();
    // A reconnect within the grace period: the loss was never announced, so nothing to probe.
    assertThat(PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000).up("b", 4_000).returning()).isFalse();
  }

  @Test
  void up_afterTheReturnWindow_noReturn() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000).announced(11_000)
        .forget(11_000 + WINDOW + 1, WINDOW);
    assertThat(s.up("b", 11_000 + WINDOW + 2).returning()).isFalse();
  }

  @Test
  void down_anotherLossWhileAwaitingTheReturn_stillAwaited() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000).announced(11_000);
    s = s.expire(12_000, LEASE).forget(12_000, WINDOW);
    assertThat(s.idle()).isFalse();
    assertThat(s.up("b", 13_000).returning()).isTrue();
  }

  @Test
  void down_streamsOnTwoNodes_onlyWhenNoneIsLeft() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("node1-a", 0).up("node2-b", 0).down("node1-a", true, 1_000);
    assertThat(s.announceDue(60_000, GRACE)).as("node2's stream still carries the domain").isFalse();
    s = s.down("node2-b", true, 70_000);
    assertThat(s.announceDue(75_000, GRACE)).isFalse();
    assertThat(s.announceDue(80_000, GRACE)).isTrue();
  }

  @Test
  void down_closedPolitelyByThePeer_noLoss() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", false, 1_000);
    assertThat(s.announceDue(100_000, GRACE)).isFalse();
    assertThat(s.idle()).isTrue();
  }

  @Test
  void up_reconnectWithinGrace_cancelsTheLoss() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).down("a", true, 1_000).up("b", 4_000);
    assertThat(s.announceDue(20_000, GRACE)).isFalse();
    assertThat(s.lostAt()).isEqualTo(-1);
  }

  @Test
  void down_lateReportOfAnEarlierStream_afterTheReconnect_noLoss() {
    // The new stream (node2) is up before node1 reports the old one lost.
    PeerStreamsState s = PeerStreamsState.EMPTY.up("old", 0).up("new", 2_000).down("old", true, 3_000);
    assertThat(s.announceDue(60_000, GRACE)).isFalse();
  }

  @Test
  void down_unknownStream_ignored() {
    PeerStreamsState s = PeerStreamsState.EMPTY.down("never-seen", true, 1_000);
    assertThat(s.idle()).isTrue();
  }

  @Test
  void expire_nodeStoppedVouching_countsAsLost() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).up("b", 100_000);
    s = s.expire(140_000, LEASE);
    assertThat(s.streams()).containsOnlyKeys("b");
    assertThat(s.lostAt()).isEqualTo(-1);
    s = s.expire(240_000, LEASE);
    assertThat(s.streams()).isEmpty();
    assertThat(s.announceDue(250_000, GRACE)).isTrue();
  }

  @Test
  void up_vouchingRefreshesTheLease() {
    PeerStreamsState s = PeerStreamsState.EMPTY.up("a", 0).up("a", 100_000).expire(140_000, LEASE);
    assertThat(s.streams()).containsOnlyKeys("a");
  }
}
