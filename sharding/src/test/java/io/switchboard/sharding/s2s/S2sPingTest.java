package io.switchboard.sharding.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ping clock's pure decision, the settings and the answer check. */
class S2sPingTest {
  private static final long S = 1_000_000_000L;
  private final S2sPing ping = new S2sPing(Duration.ofSeconds(60), Duration.ofSeconds(15));

  @Test
  void decide_recentTraffic_none() {
    assertThat(ping.decide(100 * S, 50 * S, -1)).isEqualTo(S2sPing.Action.NONE);
  }

  @Test
  void decide_idleForTheInterval_ping() {
    assertThat(ping.decide(110 * S, 50 * S, -1)).isEqualTo(S2sPing.Action.PING);
  }

  @Test
  void decide_pingOutWithinTimeout_none() {
    assertThat(ping.decide(120 * S, 50 * S, 110 * S)).isEqualTo(S2sPing.Action.NONE);
  }

  @Test
  void decide_pingUnansweredForTheTimeout_dead() {
    assertThat(ping.decide(125 * S, 50 * S, 110 * S)).isEqualTo(S2sPing.Action.DEAD);
  }

  @Test
  void decide_trafficAfterThePing_answeredSoNotDead() {
    assertThat(ping.decide(130 * S, 112 * S, 110 * S)).isEqualTo(S2sPing.Action.NONE);
    assertThat(ping.decide(175 * S, 112 * S, 110 * S)).isEqualTo(S2sPing.Action.PING);
  }

  @Test
  void fromConfig_defaults_sixtyAndFifteenSeconds() {
    assertThat(S2sPing.fromConfig(ConfigFactory.load())).isEqualTo(S2sPing.DEFAULTS);
  }

  @Test
  void fromConfig_invalid_namesTheKey() {
    var bad = ConfigFactory.parseString("switchboard.s2s.ping-timeout = 0s").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> S2sPing.fromConfig(bad)).hasMessageContaining("switchboard.s2s.ping-timeout");
    var word = ConfigFactory.parseString("switchboard.s2s.ping-interval = often").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> S2sPing.fromConfig(word)).hasMessageContaining("switchboard.s2s.ping-interval");
  }

  @Test
  void isAnswer_resultOrErrorWithOurId_only() {
    XmlElement result = XmlElement.builder("iq", "jabber:client").attr("type", "result").attr("id", "s2sping-o-1")
        .build();
    XmlElement error = result.withAttribute("type", "error");
    XmlElement get = S2sPing.request("a.example", "b.example", "s2sping-o-1");
    XmlElement foreign = result.withAttribute("id", "disco1");
    assertThat(S2sPing.isAnswer(result)).isTrue();
    assertThat(S2sPing.isAnswer(error)).isTrue();
    assertThat(S2sPing.isAnswer(get)).isFalse();
    assertThat(S2sPing.isAnswer(foreign)).isFalse();
  }
}
