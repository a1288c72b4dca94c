package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  private static ByteRange.Request parse(String header, long size) {
    return ByteRange.parse(Optional.ofNullable(header), size);
  }

  @Test
  void parse_noHeader_isWhole() {
    assertThat(parse(null, 100)).isEqualTo(ByteRange.Whole.INSTANCE);
  }

  @Test
  void parse_closedOpenAndSuffixRanges() {
    assertThat(parse("bytes=10-19", 100)).isEqualTo(new ByteRange.Part(new ByteRange(10, 20)));
    assertThat(parse("bytes=90-", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 100)));
    assertThat(parse("bytes=-10", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 100)));
    assertThat(parse("bytes=-500", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 100)));
    assertThat(parse("bytes=50-5000", 100)).isEqualTo(new ByteRange.Part(new ByteRange(50, 100)));
  }

  @Test
  void parse_beyondTheEnd_isUnsatisfiable() {
    assertThat(parse("bytes=100-", 100)).isEqualTo(ByteRange.Unsatisfiable.INSTANCE);
    assertThat(parse("bytes=-0", 100)).isEqualTo(ByteRange.Unsatisfiable.INSTANCE);
    assertThat(parse("bytes=0-", 0)).isEqualTo(ByteRange.Unsatisfiable.INSTANCE);
  }

  @Test
  void parse_severalOrMalformed_isWhole() {
    assertThat(parse("bytes=0-1,5-6", 100)).isEqualTo(ByteRange.Whole.INSTANCE);
    assertThat(parse("items=0-1", 100)).isEqualTo(ByteRange.Whole.INSTANCE);
    assertThat(parse("bytes=a-b", 100)).isEqualTo(ByteRange.Whole.INSTANCE);
    assertThat(parse("bytes=5-1", 100)).isEqualTo(ByteRange.Whole.INSTANCE);
    assertThat(parse("bytes=5", 100)).isEqualTo(ByteRange.Whole.INSTANCE);
  }
}
