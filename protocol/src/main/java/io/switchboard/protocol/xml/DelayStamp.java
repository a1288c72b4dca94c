package io.switchboard.protocol.xml;

import io.switchboard.protocol.Namespaces;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * XEP-0203 delayed delivery: {@code <delay xmlns='urn:xmpp:delay' from='...' stamp='...'/>}, with
 * the stamp in XEP-0082 UTC form, e.g. {@code 2002-09-10T23:08:25Z} (milliseconds when non-zero).
 *
 * @param stamp when the stanza was originally sent or stored
 * @param from the entity that delayed it (e.g. the server's domain), or null
 * @param reason optional natural-language reason, or null
 */
public record DelayStamp(Instant stamp, String from, String reason) {
  public static final String ELEMENT = "delay";
  public static final String NAMESPACE = Namespaces.DELAY;

  public DelayStamp {
    Objects.requireNonNull(stamp, "stamp");
    stamp = stamp.truncatedTo(ChronoUnit.MILLIS);
  }

  public static DelayStamp of(Instant stamp, String from) {
    return new DelayStamp(stamp, from, null);
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE)
        .attr("from", from)
        .attr("stamp", stamp.toString())
        .text(reason)
        .build();
  }

  /** {@code stanza} with this delay element appended. */
  public XmlElement addTo(XmlElement stanza) {
    return stanza.withChild(toElement());
  }

  /** Reads a delay element; empty if it is not one or its stamp is not a UTC date-time. */
  public static Optional<DelayStamp> fromElement(XmlElement element) {
    if (!element.is(ELEMENT, NAMESPACE) || element.attr("stamp") == null) {
      return Optional.empty();
    }
    try {
      Instant stamp = java.time.OffsetDateTime.parse(element.attr("stamp")).toInstant();
      String text = element.text();
      return Optional.of(new DelayStamp(stamp, element.attr("from"), text.isEmpty() ? null : text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The first delay element of a stanza, if any. */
  public static Optional<DelayStamp> find(XmlElement stanza) {
    return stanza.child(ELEMENT, NAMESPACE).flatMap(DelayStamp::fromElement);
  }
}
