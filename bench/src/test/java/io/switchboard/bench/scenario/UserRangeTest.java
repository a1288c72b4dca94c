package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserRangeTest {

  @Test
  void shard_allSlices_coverEveryUserOnce() {
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (int i = 1; i <= 3; i++) {
      UserRange r = UserRange.shard(1, 10_001, i, 3);
      total += r.shardCount();
      for (int u = r.shardFirst(); u < r.shardFirst() + r.shardCount(); u++) {
        assertThat(seen.add(u)).isTrue();
      }
    }
    assertThat(total).isEqualTo(10_001);
    assertThat(seen).contains(1, 10_001);
  }

  @Test
  void shard_badIndex_rejected() {
    assertThatThrownBy(() -> UserRange.shard(1, 100, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserRange.shard(1, 100, 3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contact_evenRosterSize_relationIsSymmetricAndWraps() {
    UserRange r = UserRange.shard(1, 100, 1, 1);
    int contacts = 6;
    for (int u = 1; u <= 100; u++) {
      Set<Integer> mine = new HashSet<>();
      for (int k = 0; k < contacts; k++) {
        int c = r.contact(u, k);
        assertThat(c).isBetween(1, 100).isNotEqualTo(u);
        mine.add(c);
        Set<Integer> theirs = new HashSet<>();
        for (int j = 0; j < contacts; j++) {
          theirs.add(r.contact(c, j));
        }
        assertThat(theirs).contains(u);
      }
      assertThat(mine).hasSize(contacts);
    }
    assertThat(r.contact(1, 1)).isEqualTo(100);
  }
}
