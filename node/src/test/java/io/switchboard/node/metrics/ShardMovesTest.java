package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardMovesTest {
  @Test
  void between_sameShards_nothingMoved() {
    assertThat(ShardMoves.between(Set.of("1", "2"), Set.of("2", "1"))).isEqualTo(new ShardMoves(0, 0));
  }

  @Test
  void between_rebalance_countsArrivalsAndHandOffs() {
    assertThat(ShardMoves.between(Set.of("1", "2", "3"), Set.of("3", "4"))).isEqualTo(new ShardMoves(1, 2));
  }

  @Test
  void between_emptyRegion_everyShardArrivedOrLeft() {
    assertThat(ShardMoves.between(Set.of(), Set.of("7", "8"))).isEqualTo(new ShardMoves(2, 0));
    assertThat(ShardMoves.between(Set.of("7", "8"), Set.of())).isEqualTo(new ShardMoves(0, 2));
  }
}
