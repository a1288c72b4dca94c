package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergeTest {

  @Test
  void of_twoShards_sumsCountsAndMergesHistograms(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    JsonReport.write(SampleResults.chat(), "a", a);
    JsonReport.write(SampleResults.chat(), "b", b);

    ShardMerge m = ShardMerge.of(List.of(a, b));

    assertThat(m.shards()).isEqualTo(2);
    assertThat(m.loginsOk()).isEqualTo(198);
    assertThat(m.sent()).isEqualTo(4000);
    assertThat(m.deliveredInWindow()).isEqualTo(3980);
    assertThat(m.errors()).isEqualTo(6);
    assertThat(m.latency().count()).isEqualTo(2000);
    assertThat(m.latency().p999Ms()).isCloseTo(40, within(0.1));
    assertThat(m.format()).contains("2 shards combined", "delivered 3980 in window (398/s)");
  }

  @Test
  void of_foreignJson_rejected(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.json");
    Files.writeString(f, "{\"format\": 99}");
    assertThatThrownBy(() -> ShardMerge.of(List.of(f))).isInstanceOf(IOException.class);
  }
}
