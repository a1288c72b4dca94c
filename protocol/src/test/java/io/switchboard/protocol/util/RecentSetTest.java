package io.switchboard.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentSetTest {

  @Test
  void keepsTheNewestEntriesOnly() {
    Set<Integer> recent = RecentSet.of(3);
    for (int i = 1; i <= 5; i++) {
      recent.add(i);
    }
    assertThat(recent).containsExactly(3, 4, 5);
    assertThat(recent.add(4)).as("already there").isFalse();
  }

  @Test
  void emptyAndClearedSets_behaveAsEmpty() {
    Set<String> recent = RecentSet.of(2);
    assertThat(recent).isEmpty();
    assertThat(recent.contains("a")).isFalse();
    assertThat(recent.remove("a")).isFalse();
    recent.add("a");
    recent.add("b");
    assertThat(recent.remove("a")).isTrue();
    assertThat(recent).containsExactly("b");
    recent.clear();
    assertThat(recent).isEmpty();
    assertThat(recent.add("c")).isTrue();
    assertThat(recent).containsExactly("c");
  }

  @Test
  void boundedMap_keepsTheNewestEntriesWithTheirValues() {
    java.util.Map<String, Integer> map = RecentSet.boundedMap(2);
    map.put("a", 1);
    map.put("b", 2);
    map.put("c", 3);
    assertThat(map).containsExactly(java.util.Map.entry("b", 2), java.util.Map.entry("c", 3));
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> RecentSet.of(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecentSet.boundedMap(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
