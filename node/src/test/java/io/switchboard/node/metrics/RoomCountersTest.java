package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.sharding.muc.RoomCounts;
import io.switchboard.sharding.muc.RoomCounts.Refused;
import org.junit.jupiter.api.Test;

class RoomCountersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RoomCounters counters = new RoomCounters(registry);

  @Test
  void joinsAndMessages_counted() {
    counters.joined();
    counters.joined();
    counters.message();
    assertThat(registry.get("switchboard.muc.joins").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.muc.messages").counter().count()).isEqualTo(1);
  }

  @Test
  void refused_byStanzaAndReason_onlyThoseSeen() {
    counters.refused(Refused.JOIN, "service-unavailable");
    counters.refused(Refused.JOIN, "service-unavailable");
    counters.refused(Refused.MESSAGE, "resource-constraint");
    counters.refused(Refused.OTHER, RoomCounts.BUSY);
    assertThat(refusals("join", "service-unavailable")).isEqualTo(2);
    assertThat(refusals("message", "resource-constraint")).isEqualTo(1);
    assertThat(refusals("other", "busy")).isEqualTo(1);
    assertThat(registry.find("switchboard.muc.refusals").counters()).hasSize(3);
  }

  private double refusals(String stanza, String reason) {
    return registry.get("switchboard.muc.refusals").tag("stanza", stanza).tag("reason", reason).counter().count();
  }
}
