package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.node.s2s.S2sMetrics;
import io.switchboard.protocol.error.StreamErrorCondition;
import org.junit.jupiter.api.Test;

class S2sCountersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final S2sCounters counters = new S2sCounters(registry);

  @Test
  void openedAndClosed_gaugeAndCounterPerDirection() {
    counters.opened("in");
    counters.opened("in");
    counters.opened("out");
    counters.closed("in");
    assertThat(registry.get("switchboard.s2s.streams").tag("direction", "in").gauge().value()).isEqualTo(1);
    assertThat(registry.get("switchboard.s2s.streams").tag("direction", "out").gauge().value()).isEqualTo(1);
    assertThat(registry.get("switchboard.s2s.streams.opened").tag("direction", "in").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.s2s.streams.opened").tag("direction", "out").counter().count()).isEqualTo(1);
  }

  @Test
  void authenticated_byDirectionAndMethod() {
    counters.authenticated("in", S2sMetrics.EXTERNAL);
    counters.authenticated("in", S2sMetrics.DIALBACK);
    counters.authenticated("in", S2sMetrics.DIALBACK);
    counters.authenticated("out", S2sMetrics.EXTERNAL);
    assertThat(auth("in", "dialback")).isEqualTo(2);
    assertThat(auth("in", "sasl-external")).isEqualTo(1);
    assertThat(auth("out", "sasl-external")).isEqualTo(1);
    assertThat(auth("out", "dialback")).isZero();
  }

  @Test
  void stanzasAndStreamErrors_counted() {
    counters.stanza("in");
    counters.stanza("out");
    counters.stanza("out");
    counters.streamError(StreamErrorCondition.HOST_UNKNOWN);
    assertThat(registry.get("switchboard.s2s.stanzas").tag("direction", "in").counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.s2s.stanzas").tag("direction", "out").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.s2s.stream.errors").tag("condition", "host-unknown").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("switchboard.s2s.stream.errors").tag("condition", "invalid-from").counter().count())
        .isZero();
  }

  private double auth(String direction, String method) {
    return registry.get("switchboard.s2s.authentications").tag("direction", direction).tag("auth", method)
        .counter().count();
  }
}
