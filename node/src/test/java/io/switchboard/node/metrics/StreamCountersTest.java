package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.node.stream.StreamMetrics.Kind;
import io.switchboard.node.stream.StreamMetrics.Transport;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import org.junit.jupiter.api.Test;

class StreamCountersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamCounters counters = new StreamCounters(registry);

  @Test
  void streamOpenedAndClosed_gaugePerTransport() {
    counters.streamOpened(Transport.TCP);
    counters.streamOpened(Transport.TCP);
    counters.streamOpened(Transport.BOSH);
    counters.streamClosed(Transport.TCP);
    assertThat(registry.get("switchboard.client.streams").tag("transport", "tcp").gauge().value()).isEqualTo(1);
    assertThat(registry.get("switchboard.client.streams").tag("transport", "bosh").gauge().value()).isEqualTo(1);
    assertThat(registry.get("switchboard.client.streams").tag("transport", "websocket").gauge().value()).isZero();
  }

  @Test
  void saslFailed_unknownMechanism_countedAsOther() {
    counters.saslFailed("X-MADE-UP-" + System.nanoTime(), SaslFailureCondition.INVALID_MECHANISM);
    counters.saslFailed(null, SaslFailureCondition.ENCRYPTION_REQUIRED);
    counters.saslFailed("SCRAM-SHA-256", SaslFailureCondition.NOT_AUTHORIZED);
    counters.saslFailed("SCRAM-SHA-256", SaslFailureCondition.NOT_AUTHORIZED);
    assertThat(registry.get("switchboard.sasl.failures").tag("mechanism", "other").tag("reason", "invalid-mechanism")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.sasl.failures").tag("mechanism", "other").tag("reason", "encryption-required")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.sasl.failures").tag("mechanism", "SCRAM-SHA-256")
        .tag("reason", "not-authorized").counter().count()).isEqualTo(2);
    assertThat(registry.find("switchboard.sasl.failures").counters()).hasSize(3);
  }

  @Test
  void loginSucceeded_byMechanism() {
    counters.loginSucceeded("PLAIN");
    counters.loginSucceeded("SCRAM-SHA-1-PLUS");
    counters.loginSucceeded("PLAIN");
    assertThat(registry.get("switchboard.logins").tag("mechanism", "PLAIN").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.logins").tag("mechanism", "SCRAM-SHA-1-PLUS").counter().count()).isEqualTo(1);
  }

  @Test
  void loginSucceeded_fastToken_ownLabel() {
    counters.loginSucceeded("HT-SHA-256-NONE");
    assertThat(registry.get("switchboard.logins").tag("mechanism", "HT-SHA-256-NONE").counter().count()).isEqualTo(1);
  }

  @Test
  void stanzas_byDirectionAndKind() {
    counters.stanzaIn(Kind.MESSAGE);
    counters.stanzaIn(Kind.MESSAGE);
    counters.stanzaOut(Kind.IQ);
    assertThat(registry.get("switchboard.client.stanzas").tag("direction", "in").tag("kind", "message")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.client.stanzas").tag("direction", "out").tag("kind", "iq")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.client.stanzas").tag("direction", "out").tag("kind", "message")
        .counter().count()).isZero();
  }

  @Test
  void streamError_byCondition() {
    counters.streamError(StreamErrorCondition.POLICY_VIOLATION);
    assertThat(registry.get("switchboard.stream.errors").tag("condition", "policy-violation").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("switchboard.stream.errors").tag("condition", "not-well-formed").counter().count())
        .isZero();
  }

  @Test
  void kindOf_nonza_null() {
    assertThat(Kind.of("presence")).isEqualTo(Kind.PRESENCE);
    assertThat(Kind.of("r")).isNull();
  }
}
