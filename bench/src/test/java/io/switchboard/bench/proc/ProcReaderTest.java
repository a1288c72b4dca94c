package io.switchboard.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {

  @Test
  void read_commWithSpacesAndParens_parsesUtimePlusStime(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("stat"),
        "4242 (beam.smp (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 200000 5000\n");
    Files.writeString(dir.resolve("status"), "Name:\tbeam.smp\nVmPeak:\t  999 kB\nVmRSS:\t   51234 kB\nThreads:\t30\n");

    ProcSample s = new ProcReader(dir).read().orElseThrow();

    assertThat(s.cpuTicks()).isEqualTo(1234 + 567);
    assertThat(s.rssKb()).isEqualTo(51234);
  }

  @Test
  void read_missingProcess_empty(@TempDir Path dir) {
    assertThat(new ProcReader(dir.resolve("nope")).read()).isEmpty();
  }

  @Test
  void self_readsThisProcess() {
    ProcSample s = ProcReader.self().read().orElseThrow();
    assertThat(s.rssKb()).isPositive();
  }
}
