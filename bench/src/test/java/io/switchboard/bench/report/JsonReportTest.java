package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.bench.run.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

  @Test
  void write_thenParse_carriesCountsRatesAndLatencies(@TempDir Path dir) throws Exception {
    LoadResult r = SampleResults.chat();
    Path file = dir.resolve("result.json");

    JsonReport.write(r, "prosody chat", file);
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));

    assertThat(json.get("format").asInt()).isEqualTo(JsonReport.FORMAT_VERSION);
    assertThat(json.get("label").asText()).isEqualTo("prosody chat");
    assertThat(json.at("/config/scenario").asText()).isEqualTo("chat");
    assertThat(json.at("/config/servers/0").asText()).isEqualTo("127.0.0.1:15222");
    assertThat(json.at("/config/ratePerUser").asDouble()).isEqualTo(2.0);
    assertThat(json.at("/sessions/loginsOk").asLong()).isEqualTo(99);
    assertThat(json.at("/sessions/lost").asLong()).isEqualTo(1);
    assertThat(json.at("/logins/perSecond").asDouble()).isEqualTo(49.5);
    assertThat(json.at("/traffic/sent").asLong()).isEqualTo(2000);
    assertThat(json.at("/traffic/deliveredInWindow").asLong()).isEqualTo(1990);
    assertThat(json.at("/traffic/deliveredPerSecond").asDouble()).isCloseTo(199.0, within(1e-9));
    assertThat(json.at("/traffic/latency/count").asLong()).isEqualTo(1000);
    assertThat(json.at("/traffic/latency/p50Ms").asDouble()).isCloseTo(1.5, within(0.01));
    assertThat(json.at("/traffic/latency/p99Ms").asDouble()).isCloseTo(1.5, within(0.01));
    assertThat(json.at("/traffic/latency/p999Ms").asDouble()).isCloseTo(40, within(0.1));
    assertThat(json.at("/errors/total").asLong()).isEqualTo(3); // 1 AUTH failure + 2 error stanzas
    assertThat(json.at("/errors/failures/AUTH").asLong()).isEqualTo(1);
    assertThat(json.at("/counters/presenceOther").asLong()).isEqualTo(7);
    assertThat(json.at("/server/pid").asLong()).isEqualTo(4242);
    assertThat(json.at("/server/kibPerSession").asDouble()).isEqualTo(50.5);
    assertThat(json.get("samples")).hasSize(4);
    assertThat(json.at("/samples/2/phase").asText()).isEqualTo("MEASURE");
    assertThat(json.at("/samples/2/deliveredPerSecond").asDouble()).isEqualTo(198.0);
  }

  @Test
  void toJson_histogram_decodesToTheSameCounts() {
    LoadResult r = SampleResults.chat();

    String encoded = JsonReport.toJson(r, "").at("/histograms/latencyMicros").asText();
    Histogram decoded = JsonReport.decode(encoded);

    assertThat(decoded.getTotalCount()).isEqualTo(1000);
    assertThat(decoded.getValueAtPercentile(99.9)).isEqualTo(r.latencyHistogram().getValueAtPercentile(99.9));
  }

  @Test
  void toJson_neverContainsPasswords() {
    String json = JsonReport.toString(SampleResults.chat(), "");
    assertThat(json).doesNotContain("pass");
  }
}
