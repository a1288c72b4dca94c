package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTextTest {

  @Test
  void format_chatResult_showsSessionsRatesPercentilesErrorsAndServer() {
    String s = SummaryText.format(SampleResults.chat(), "prosody");

    assertThat(s).contains("chat run [prosody]", "127.0.0.1:15222", "PLAIN without TLS");
    assertThat(s).contains("100 attempted, 99 online");
    assertThat(s).contains("99 ok in 2.0 s = 50/s");                
    assertThat(s).contains("delivered 1990 in window (199/s)");
    assertThat(s).contains("p50 1.50 ms p99 1.50 ms p99.9 40.0");
    assertThat(s).contains("errors     : 3 total", "AUTH=1");
    assertThat(s).contains("pid 4242", "50.5 KiB/session", "13% during chat");
    assertThat(s.lines().count()).isLessThanOrEqualTo(24);            // one screen
  }

  @Test
  void plots_bands_oneBandPerPhaseRun() {
    List<LineChart.Band> bands = Plots.bands(SampleResults.chat().samples());

    assertThat(bands).extracting(LineChart.Band::name).containsExactly("ramp", "measure");
    assertThat(bands.get(1).from()).isEqualTo(2.0);
    assertThat(bands.get(1).to()).isEqualTo(4.0);
  }

  @Test
  void niceStep_roundsUpToOneTwoOrFive() {
    assertThat(LineChart.niceStep(0.7)).isEqualTo(1.0);
    assertThat(LineChart.niceStep(130)).isEqualTo(200.0);
    assertThat(LineChart.niceStep(3_100)).isEqualTo(5_000.0);
  }
}
