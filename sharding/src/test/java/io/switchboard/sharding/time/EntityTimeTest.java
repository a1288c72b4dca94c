package io.switchboard.sharding.time;

import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EntityTimeTest {
  private final EntityTime time = new EntityTime(Clock.fixed(Instant.parse("2026-12-06T10:11:12.345Z"), ZoneOffset.UTC));

  @Test
  void get_utcAndZuluOffset() {
    XmlElement q = XmlElement.of("time", "urn:xmpp:time");
    XmlElement answer = time.answer(iq("juliet@example.com/b", "example.com", "get", "t1", q), q);

    XmlElement t = answer.child("time", "urn:xmpp:time").orElseThrow();
    assertThat(answer.attr("type")).isEqualTo("result");
    assertThat(t.childText("utc", "urn:xmpp:time")).contains("2026-12-06T10:11:12.345Z");
    assertThat(t.childText("tzo", "urn:xmpp:time")).contains("Z");
    assertThat(time.features()).containsExactly("urn:xmpp:time");
  }

  @Test
  void set_badRequest() {
    XmlElement q = XmlElement.of("time", "urn:xmpp:time");
    assertThat(time.answer(iq("juliet@example.com/b", "example.com", "set", "t2", q), q).attr("type")).isEqualTo("error");
  }
}
