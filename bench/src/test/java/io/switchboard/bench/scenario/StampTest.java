package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StampTest {

  @Test
  void text_thenParse_roundTripsAndPadsToSize() {
    String t = Stamp.text(1_764_000_000_123_456L, 64);

    assertThat(t).hasSize(64).startsWith("sb:1764000000123456;");
    assertThat(Stamp.parse(t)).isEqualTo(1_764_000_000_123_456L);
  }

  @Test
  void text_sizeSmallerThanStamp_keepsWholeStamp() {
    assertThat(Stamp.parse(Stamp.text(42, 0))).isEqualTo(42);
  }

  @Test
  void parse_foreignOrBrokenText_minusOne() {
    assertThat(Stamp.parse(null)).isEqualTo(-1);
    assertThat(Stamp.parse("hello")).isEqualTo(-1);
    assertThat(Stamp.parse("sb:;")).isEqualTo(-1);
    assertThat(Stamp.parse("sb:12a4;")).isEqualTo(-1);
    assertThat(Stamp.parse("sb:1234")).isEqualTo(-1);
    assertThat(Stamp.parse("sb:99999999999999999999999;")).isEqualTo(-1);
  }
}
