package io.switchboard.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmptyUntilUsedTest {
  @Test
  void map_createdByTheFirstEntry_inOrder_andTheSharedEmptyOneAgainAfterTheLast() {
    Map<String, Integer> m = Map.of();
    assertThat(EmptyUntilUsed.remove(m, "a")).as("removing from the empty one does not throw").isSameAs(m);
    m = EmptyUntilUsed.put(m, "b", 2);
    m = EmptyUntilUsed.put(m, "a", 1);
    assertThat(List.copyOf(m.keySet())).containsExactly("b", "a");
    m = EmptyUntilUsed.remove(m, "b");
    assertThat(m).containsExactly(Map.entry("a", 1));
    assertThat(EmptyUntilUsed.remove(m, "a")).isSameAs(Map.of());
  }

  @Test
  void putSmall_oneEntryIsImmutable_aSecondKeyMakesItMutable_inOrder() {
    Map<String, Integer> m = EmptyUntilUsed.putSmall(Map.of(), "a", 1);
    assertThat(m).containsExactly(Map.entry("a", 1));
    assertThat(m).isNotInstanceOf(java.util.LinkedHashMap.class);
    m = EmptyUntilUsed.putSmall(m, "a", 2);
    assertThat(m).containsExactly(Map.entry("a", 2)).isNotInstanceOf(java.util.LinkedHashMap.class);
    assertThat(EmptyUntilUsed.remove(m, "b")).as("another key: unchanged").isSameAs(m);
    m = EmptyUntilUsed.putSmall(m, "b", 3);
    m = EmptyUntilUsed.putSmall(m, "c", 4);
    assertThat(m).isInstanceOf(java.util.LinkedHashMap.class);
    assertThat(List.copyOf(m.keySet())).containsExactly("a", "b", "c");
    m = EmptyUntilUsed.remove(m, "a");
    m = EmptyUntilUsed.remove(m, "b");
    assertThat(m).containsExactly(Map.entry("c", 4));
    assertThat(EmptyUntilUsed.remove(m, "c")).isSameAs(Map.of());
  }

  @Test
  void remove_theOnlyEntryOfASmallMap_givesTheSharedEmptyMap() {
    Map<String, Integer> m = EmptyUntilUsed.putSmall(Map.of(), "a", 1);

    assertThat(EmptyUntilUsed.remove(m, "a")).isSameAs(Map.of());
  }

  @Test
  void set_createdByTheFirstElement_andTheSharedEmptyOneAgainAfterTheLast() {
    Set<String> s = Set.of();
    assertThat(EmptyUntilUsed.remove(s, "x")).isSameAs(s);
    s = EmptyUntilUsed.add(s, "x");
    s = EmptyUntilUsed.add(s, "y");
    assertThat(s).containsExactly("x", "y");
    s = EmptyUntilUsed.remove(s, "x");
    assertThat(s).containsExactly("y");
    assertThat(EmptyUntilUsed.remove(s, "y")).isSameAs(Set.of());
  }
}
