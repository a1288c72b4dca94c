package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnIdsTest {

  @Test
  void format_sixteenHexDigits_leadingZerosKept() {
    assertThat(ConnIds.format(0xC0FFEEL)).isEqualTo("0000000000c0ffee");
    assertThat(ConnIds.format(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(ConnIds.format(ConnIds.next())).matches("[0-9a-f]{16}");
  }

  @Test
  void actorName_carriesTheId_uniqueForTheSameConnection() {
    long id = 0x0123456789ABCDEFL;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 3; i++) { // a failed resumption, then another, then a bind: one stream
      String name = ConnIds.actorName(id);
      assertThat(name).startsWith("c2s-0123456789abcdef-").matches("[a-z0-9-]+");
      assertThat(ConnIds.ofName(name)).isEqualTo("0123456789abcdef");
      names.add(name);
    }
    assertThat(names).hasSize(3);
    assertThat(ConnIds.ofName("some-other-actor")).isEqualTo("some-other-actor");
  }
}
