package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @Test
  void write_sampleRun_threeReadablePngs(@TempDir Path dir) throws Exception {
    List<Path> files = Plots.write(SampleResults.chat(), dir);

    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("throughput.png", "latency.png", "resources.png");
    for (Path p : files) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
      assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
    }
  }
}
