package io.switchboard.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DelayStampTest {
  @Test
  void toElement_utcStampAndFrom() {
    DelayStamp d = DelayStamp.of(Instant.parse("2002-09-10T23:08:25Z"), "capulet.com");
    assertThat(d.toElement().toXml())
        .isEqualTo("<delay xmlns=\"urn:xmpp:delay\" from=\"capulet.com\" stamp=\"2002-09-10T23:08:25Z\"/>");
  }

  @Test
  void toElement_subMillisecondPrecision_truncatedToMillis() {
    DelayStamp d = new DelayStamp(Instant.parse("2002-09-10T23:08:25.123456789Z"), null, "Offline Storage");
    assertThat(d.toElement().toXml())
        .isEqualTo("<delay xmlns=\"urn:xmpp:delay\" stamp=\"2002-09-10T23:08:25.123Z\">Offline Storage</delay>");
  }

  @Test
  void addToAndFind_roundTrip() {
    DelayStamp d = new DelayStamp(Instant.parse("2020-01-01T00:00:00.5Z"), "example.com", "Offline Storage");
    XmlElement message = XmlElement.builder("message", Namespaces.JABBER_CLIENT).textChild("body", "hi").build();
    assertThat(DelayStamp.find(d.addTo(message))).contains(d);
    assertThat(DelayStamp.find(message)).isEmpty();
  }

  @Test
  void fromElement_offsetStamp_normalisedToUtc() {
    XmlElement e = XmlElement.builder("delay", Namespaces.DELAY).attr("stamp", "2002-09-10T23:08:25+02:00").build();
    assertThat(DelayStamp.fromElement(e)).hasValueSatisfying(
        d -> assertThat(d.stamp()).isEqualTo(Instant.parse("2002-09-10T21:08:25Z")));
    assertThat(DelayStamp.fromElement(e.withAttribute("stamp", "yesterday"))).isEmpty();
  }
}
